/** The workstation shell; views are added as the engine host grows. */
export function App() {
  return (
    <main className="app">
      <header className="status-bar" role="banner">
        <strong>TripleGain</strong>
        <span className="mode-badge">PAPER</span>
      </header>
      <section className="empty-state">
        <h1>Engine not connected</h1>
        <p>The trading engine is starting or not attached yet.</p>
      </section>
    </main>
  )
}
