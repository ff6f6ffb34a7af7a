export { createTracer, TraceError, type FileTrace, type TraceFailure, type Tracer, type TracerOptions } from './tracer.js';
