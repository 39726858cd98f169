/**
 * Preload: the renderer's only door to the main process. It exposes a named, narrow API —
 * never ipcRenderer itself (Electron security checklist).
 */
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('triplegain', {
  host: 'desktop' as const,
})
