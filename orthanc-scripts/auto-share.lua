-- deid-share: offer every stable study to the sidecar, whose routing rules decide which peers receive it.
--
-- Orthanc calls OnStableStudy once a study has received no new instance for "StableAge" seconds. This
-- script posts the study's Orthanc ID to the sidecar's webhook with its own bearer token (role "orthanc");
-- the sidecar reads what its rules need (modalities, calling AE titles, institution, labels) from Orthanc
-- itself. No patient data leaves Orthanc here, and nothing identifying is written to Orthanc's log.
--
-- Settings, each read first from a Lua global (set in a script listed before this one in "LuaScripts"),
-- then from the Orthanc process's environment:
--   DEID_SHARE_SIDECAR_URL     base URL of the sidecar (default http://127.0.0.1:8750)
--   DEID_SHARE_HOOK_TOKEN      the webhook token itself, or
--   DEID_SHARE_HOOK_TOKEN_FILE a file holding it (one line; keep it readable by the orthanc user only)
--   DEID_SHARE_HTTP_TIMEOUT    seconds to wait for the sidecar (Orthanc 1.11 and later; default 10)
--
-- If another script already defines OnStableStudy, this one leaves it alone: call
-- DeidShareOfferStudy(studyId) from that function instead. See docs/sidecar.md.

local function setting(name, default)
  local value = rawget(_G, name)
  if value == nil or value == '' then value = os.getenv(name) end
  if value == nil or value == '' then value = default end
  return value
end

local function hookToken()
  local token = setting('DEID_SHARE_HOOK_TOKEN')
  if token ~= nil then return token end
  local file = setting('DEID_SHARE_HOOK_TOKEN_FILE')
  if file == nil then return nil end
  local handle = io.open(file, 'r')
  if handle == nil then
    print('deid-share: cannot read the hook token file named by DEID_SHARE_HOOK_TOKEN_FILE')
    return nil
  end
  local line = handle:read('*l')
  handle:close()
  if line == nil then return nil end
  return (line:gsub('^%s+', ''):gsub('%s+$', ''))
end

function DeidShareOfferStudy(studyId)
  local url = setting('DEID_SHARE_SIDECAR_URL', 'http://127.0.0.1:8750')
  local token = hookToken()
  if token == nil or token == '' then
    print('deid-share: no hook token configured (DEID_SHARE_HOOK_TOKEN or DEID_SHARE_HOOK_TOKEN_FILE); study ' .. studyId .. ' not offered')
    return
  end
  -- The Lua context is locked while this runs: keep the wait short where Orthanc allows setting it.
  if SetHttpTimeout ~= nil then SetHttpTimeout(tonumber(setting('DEID_SHARE_HTTP_TIMEOUT', '10'))) end
  local body = DumpJson({ orthancStudyId = studyId }, true)
  local headers = { ['Content-Type'] = 'application/json', ['Authorization'] = 'Bearer ' .. token }
  local answer = HttpPost(url .. '/api/v1/hooks/orthanc/stable-study', body, headers)
  if answer == nil then
    -- HttpPost gives nil on connection errors and on 4xx/5xx answers; Orthanc logs the HTTP status.
    print('deid-share: the sidecar at ' .. url .. ' did not accept stable study ' .. studyId .. '; share it by hand or call the webhook again')
  end
end

if OnStableStudy == nil then
  function OnStableStudy(studyId, tags, metadata)
    DeidShareOfferStudy(studyId)
  end
else
  print('deid-share: OnStableStudy is already defined by another script; call DeidShareOfferStudy(studyId) from it')
end
