export { FakeMarket } from './fake-market'
export { FakeTradeExecutor } from './fake-trade-executor'
export { RecordingPublisher } from './recording-publisher'
export { ScriptedAdvisor, type AdvisorReply } from './scripted-advisor'
