-- Drives Neovim's own LSP client through offpath's squiggle-to-quick-fix loop, the way a user does:
-- open a view, wait for the diagnostic, run vim.lsp.buf.code_action() at its line, pick the preferred
-- action in vim.ui.select, write every changed buffer, see the diagnostic go. Works on Neovim 0.7
-- (start_client) and 0.11 (vim.lsp.start, vim.lsp.config + vim.lsp.enable). Writes what it saw as
-- JSON to $OFFPATH_RESULT; the pytest side asserts on it and on the files. Configured through the
-- environment: OFFPATH_CMD (JSON list), OFFPATH_FILE, OFFPATH_LINE (1-based), OFFPATH_CODE,
-- OFFPATH_MESSAGE, OFFPATH_MODE, OFFPATH_ONLY, OFFPATH_TIMEOUT_MS, OFFPATH_RESULT, OFFPATH_ROOT
-- (the workspace root; default: two levels above the file).

local result = { steps = {} }
local out_path = assert(os.getenv("OFFPATH_RESULT"), "OFFPATH_RESULT unset")

local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients -- 0.10+ / 0.7

local function finish(status, err)
  result.error = err
  local fh = assert(io.open(out_path, "w"))
  fh:write(vim.fn.json_encode(result))
  fh:close()
  -- Stop the server politely so the test does not leave a process behind.
  for _, client in pairs(get_clients()) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(2000, function()
    return #get_clients() == 0
  end, 20)
  vim.cmd("cquit " .. status)
end

local function step(name) table.insert(result.steps, name) end

local ok, err = pcall(function()
  local cmd = vim.fn.json_decode(os.getenv("OFFPATH_CMD"))
  local file = os.getenv("OFFPATH_FILE")
  local line = tonumber(os.getenv("OFFPATH_LINE"))
  local code = os.getenv("OFFPATH_CODE")
  local message = os.getenv("OFFPATH_MESSAGE") or ""
  local mode = os.getenv("OFFPATH_MODE") or "start_client"
  local timeout = tonumber(os.getenv("OFFPATH_TIMEOUT_MS") or "60000")
  result.version = vim.version()
  vim.lsp.set_log_level("debug") -- lsp.log under $XDG_CACHE_HOME (0.7) / $XDG_STATE_HOME (0.11)
  result.mode = mode

  vim.o.hidden = true -- other files touched by a workspace edit stay loaded until :wall
  if mode == "config" then
    -- The README's 0.11+ setup: the client attaches when the buffer's FileType event fires.
    vim.lsp.config("offpath", { cmd = cmd, filetypes = { "python" }, root_markers = { "pyproject.toml", "requirements.txt", ".git" } })
    vim.lsp.enable("offpath")
    vim.cmd("filetype on")
    vim.cmd("edit " .. vim.fn.fnameescape(file))
  else
    vim.cmd("edit " .. vim.fn.fnameescape(file))
    vim.bo.filetype = "python"
    local root = os.getenv("OFFPATH_ROOT") or vim.fn.fnamemodify(file, ":h:h")
    local id
    if mode == "start" then
      id = vim.lsp.start({ name = "offpath", cmd = cmd, root_dir = root })
    else
      id = assert(vim.lsp.start_client({ name = "offpath", cmd = cmd, root_dir = root }))
      vim.lsp.buf_attach_client(0, id)
    end
    -- Like nvim-lspconfig: every Python buffer of the project joins the client, including the
    -- ones a quick fix loads to edit (the server then sees their new text).
    vim.cmd("filetype on")
    vim.api.nvim_create_autocmd("FileType", { pattern = "python", callback = function(args)
      vim.lsp.buf_attach_client(args.buf, id)
    end })
  end
  local bufnr = vim.api.nvim_get_current_buf()
  step("opened")

  local function matching()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.lnum == line - 1 and tostring(d.code) == code then table.insert(found, d) end
    end
    return found
  end
  -- The finding as it reads once the whole workspace is indexed (earlier publishes may know less).
  local function wanted()
    for _, d in ipairs(matching()) do
      if message == "" or d.message == message then return d end
    end
  end
  if not vim.wait(timeout, function() return wanted() ~= nil end, 50) then
    result.diagnostics = vim.diagnostic.get(bufnr)
    error("no " .. code .. " diagnostic with the expected message on line " .. line .. " within " .. timeout .. " ms")
  end
  local d = wanted()
  result.diagnostic = { lnum = d.lnum, col = d.col, code = d.code, message = d.message, source = d.source, severity = d.severity }
  result.copies = #matching()
  -- A finding both pushed and pulled shows twice (0.10+ keeps them in two namespaces).
  local seen, twice = {}, {}
  for _, other in ipairs(vim.diagnostic.get(bufnr)) do
    local key = other.lnum .. ":" .. other.col .. ":" .. tostring(other.code)
    if seen[key] then table.insert(twice, key) end
    seen[key] = true
  end
  result.shown_twice = twice
  step("diagnostic")

  -- The user's path: cursor on the line, :lua vim.lsp.buf.code_action(), choose in the menu.
  local menu
  vim.ui.select = function(items, opts, on_choice)
    local actions, chosen = {}, nil
    for i, item in ipairs(items) do
      local action = item.action or item[2] -- 0.10+: {action=, ctx=}; 0.7: {client_id, action}
      table.insert(actions, { title = action.title, kind = action.kind, isPreferred = action.isPreferred or false })
      if action.isPreferred and not chosen then chosen = i end
    end
    menu = { actions = actions, chosen = chosen }
    on_choice(chosen and items[chosen] or nil, chosen)
  end
  vim.api.nvim_win_set_cursor(0, { line, d.col })
  -- The fix may edit only other files (the service the handler calls): any buffer counts.
  local function any_modified()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].modified then return true end
    end
    return false
  end
  -- OFFPATH_ONLY=quickfix asks for quick fixes only (context.only), as many configs do; empty is
  -- the plain call behind 0.11's default `gra` mapping.
  local only = os.getenv("OFFPATH_ONLY") or ""
  local context = only ~= "" and { only = { only } } or nil
  if vim.fn.has("nvim-0.8") == 1 then
    vim.lsp.buf.code_action({ context = context })
  else
    vim.lsp.buf.code_action(context) -- 0.7 takes the CodeActionContext itself
  end
  if not vim.wait(timeout, function() return menu ~= nil end, 20) then
    error("no code actions came back within " .. timeout .. " ms")
  end
  result.actions = menu.actions
  if not menu.chosen then error("no preferred quick fix among the code actions") end
  result.applied = menu.actions[menu.chosen].title
  if not vim.wait(timeout, any_modified, 20) then
    error("the quick fix did not change a buffer within " .. timeout .. " ms")
  end
  step("applied")

  vim.cmd("silent wall")
  step("written")
  if not vim.wait(timeout, function() return #matching() == 0 end, 50) then
    error("the " .. code .. " diagnostic stayed after the fix for " .. timeout .. " ms")
  end
  step("cleared")
end)

if ok then finish(0) else finish(1, tostring(err)) end
