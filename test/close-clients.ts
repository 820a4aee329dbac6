import { runShutdownHooks } from '../shared/process/shutdown';

// Every pool and client a test file's modules opened registered a shutdown hook: close them all,
// so no file leaves a connection behind (and jest exits).
afterAll(() => runShutdownHooks());
