-- A second real LSP client: Neovim's built-in one (0.7+) starts `kube-graceful lsp --stdio`,
-- prints the diagnostics of a manifest, applies the preferred quick fix of the preStop finding
-- and checks that the finding goes away. Exits non-zero on any failure.
local cli = assert(os.getenv('KUBE_GRACEFUL_CLI'), 'KUBE_GRACEFUL_CLI not set')
local workspace = assert(os.getenv('KUBE_GRACEFUL_WORKSPACE'), 'KUBE_GRACEFUL_WORKSPACE not set')
local file = workspace .. '/deploy/shop.yaml'

local function out(line) io.stdout:write(line .. '\n') end
local function fail(message)
  out('FAIL: ' .. message)
  vim.cmd('cquit 1')
end

local published = {}
local client_id = vim.lsp.start_client({
  name = 'kube-graceful',
  cmd = { 'node', cli, 'lsp', '--stdio' },
  root_dir = workspace,
  workspace_folders = { { uri = vim.uri_from_fname(workspace), name = 'shop' } },
  init_options = { kubernetesVersion = '1.30', debounceMs = 50 },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      published[result.uri] = result
    end,
  },
})
if not client_id then fail('the server did not start') end

vim.cmd('edit ' .. file)
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)
local uri = vim.uri_from_bufnr(bufnr)

local function diagnostics_where(predicate)
  local ok = vim.wait(20000, function()
    local result = published[uri]
    return result ~= nil and predicate(result.diagnostics)
  end, 50)
  return ok and published[uri].diagnostics or nil
end

local function has_rule(rule)
  return function(diagnostics)
    for _, d in ipairs(diagnostics) do if d.code == rule then return true end end
    return false
  end
end

local diagnostics = diagnostics_where(has_rule('k8s/prestop-missing'))
if not diagnostics then fail('no k8s/prestop-missing diagnostic within 20 s') end
local target
for _, d in ipairs(diagnostics) do
  out(string.format('%s:%d:%d %s %s', 'deploy/shop.yaml', d.range.start.line + 1, d.range.start.character + 1, d.code, d.message))
  if d.code == 'k8s/prestop-missing' then target = d end
end

local response = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
  textDocument = { uri = uri },
  range = target.range,
  context = { diagnostics = { target }, only = { 'quickfix' } },
}, 10000)
local preferred
for _, reply in pairs(response or {}) do
  for _, action in ipairs(reply.result or {}) do
    out('code action: ' .. action.title .. (action.isPreferred and ' (preferred)' or ''))
    if action.isPreferred then preferred = action end
  end
end
if not preferred then fail('no preferred quick fix') end
vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
out('applied: ' .. preferred.title)

local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
if not text:find('preStop:\n%s+sleep:\n%s+seconds: 5') then fail('the fix did not insert the sleep action:\n' .. text) end
local after = diagnostics_where(function(ds) return not has_rule('k8s/prestop-missing')(ds) end)
if not after then fail('k8s/prestop-missing is still reported after the fix') end
out(string.format('after the fix: %d diagnostics, none k8s/prestop-missing', #after))
out('neovim check passed')
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
