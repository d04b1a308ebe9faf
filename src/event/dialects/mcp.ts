import type { Dialect } from './dialect.js';

const FILE_URI = /^file:\/\/(?:localhost)?(\/.*)$/i;

/** The MCP semantic conventions (client and server spans of JSON-RPC calls). */
export const mcp: Dialect = {
  name: 'mcp',
  source: 'open-telemetry/semantic-conventions-genai docs/gen-ai/mcp.md @0393513',
  detect: {
    markers: ['mcp.method.name', 'mcp.session.id', 'mcp.protocol.version'],
  },
  map: {
    attributes: {
      'mcp.method.name': 'operation',
      // A transport session, not a conversation: it must never group a sequence.
      'mcp.session.id': null,
      'rpc.response.status_code': 'error.code',
    },
    operations: {
      'tools/call': 'execute_tool',
      'resources/read': 'read_resource',
      'prompts/get': 'get_prompt',
    },
    derive(ctx) {
      const uri = ctx.event.attribute('mcp.resource.uri');
      if (typeof uri !== 'string') return;
      const file = FILE_URI.exec(uri);
      if (file) ctx.set('file.path', decodeURIComponent(file[1]));
      else ctx.set('url', uri);
    },
  },
};
