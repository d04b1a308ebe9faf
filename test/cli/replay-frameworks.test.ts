import t from 'tap';
import { checkGroup } from '../helpers/recordings.js';

// Recorded sessions of each framework's telemetry (Vercel AI SDK, OpenAI Agents SDK, LangSmith/LangChain, Strands, ADK, CrewAI),
// malicious and benign look-alikes, replayed through the built CLI: the shipped rules raise the
// same detections whatever dialect carries the action, naming exactly the events involved.
await checkGroup(t, 'frameworks');
