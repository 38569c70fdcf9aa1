-- wrk -s bench/quick/buy-now.lua: one Buy Now per request, each with its own Idempotency-Key.
-- SKU comes from the environment (a SKU with plenty of stock).
local sku = os.getenv("SKU")
local counter = 0
math.randomseed(os.time())
request = function()
  counter = counter + 1
  local body = string.format('{"lines":[{"sku":"%s","quantity":1}],"email":"bench@example.com","paymentToken":"tok_visa"}', sku)
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = string.format("wrk-%d-%d-%d", os.time(), math.random(1, 1e9), counter) }
  return wrk.format("POST", "/store/orders", headers, body)
end
