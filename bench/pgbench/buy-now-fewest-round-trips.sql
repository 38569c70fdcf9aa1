-- The same writes as buy-now-as-sent.sql in the fewest round trips a design with a payment provider outside the
-- database can have: pricing in one read, the hold (key, reservations, attempt, redemption) in one statement, the
-- record (attempt, reservations, stock, redemption, order, lines, payment, ledger, movements, outbox, stored answer)
-- in one statement, each its own transaction; the sandbox provider's own writes left out. A stored procedure per step
-- would send about this. It is not what EngineRoom runs: it is the floor under any server that records what it records.
\set a random(1, 10000)
\set b 1 + (:a + random(0, 9998)) % 10000
\set lo least(:a, :b)
\set hi greatest(:a, :b)
\set r random(1, 1000000000000)
WITH s AS (SELECT (SELECT sku FROM bench_skus WHERE n = :lo) AS slo, (SELECT sku FROM bench_skus WHERE n = :hi) AS shi),
     v AS (SELECT c."Sku", c0."Id", c0."Name", c."Name", (SELECT c1."Amount" FROM catalog_variant_prices c1 WHERE c."Id" = c1."VariantId" AND c1."Currency" = 'USD' LIMIT 1) AS amount
           FROM catalog_variants c JOIN catalog_products c0 ON c."ProductId" = c0."Id", s WHERE c0."Published" AND c."Sku" IN (s.slo, s.shi)),
     d AS (SELECT p."PercentBps" FROM pricing_discounts p WHERE p."Active" AND (p."Code" IS NULL OR p."Code" = ANY (ARRAY['BENCH10'])) LIMIT 1)
SELECT s.slo, s.shi, (SELECT sum(amount) FROM v) AS subtotal, (SELECT "PercentBps" FROM d) AS bps,
    gen_random_uuid() AS attempt, gen_random_uuid() AS ord, gen_random_uuid() AS e1, gen_random_uuid() AS e2 FROM s \gset
WITH k AS (INSERT INTO common_idempotency_keys ("Key", "Scope", "Body", "Completed", "ContentType", "CreatedAt", "ExpiresAt", "Location", "RequestHash", "StatusCode")
           VALUES ('key-' || :r::text, 'guest:' || 'BUYER@BENCH.EXAMPLE', NULL, false, NULL, now(), now() + interval '24 hours', NULL, sha256(:r::text::bytea), NULL)),
     st AS (UPDATE inventory_stock_levels i SET "Reserved" = i."Reserved" + 1 WHERE i."Sku" IN (:slo::text, :shi::text) AND i."LocationId" = 1 AND i."OnHand" - i."Reserved" >= 1 RETURNING 1),
     a AS (INSERT INTO checkout_attempts ("Id", "CreatedAt", "FailureCode", "IdempotencyKey", "IdempotencyScope", "OrderId", "Status", "UpdatedAt")
           VALUES (:attempt::uuid, now(), NULL, 'key-' || :r::text, 'guest:' || 'BUYER@BENCH.EXAMPLE', NULL, 0, now())),
     r AS (INSERT INTO inventory_reservations ("Id", "AttemptId", "CreatedAt", "ExpiresAt", "LocationId", "Quantity", "Sku", "Status")
           VALUES (gen_random_uuid(), :attempt::uuid, now(), now() + interval '15 minutes', 1, 1, :slo::text, 0),
                  (gen_random_uuid(), :attempt::uuid, now(), now() + interval '15 minutes', 1, 1, :shi::text, 0)),
     d AS (INSERT INTO pricing_discount_redemptions ("Id", "AttemptId", "CreatedAt", "CustomerKey", "DiscountId", "OrderId", "Status")
           VALUES (gen_random_uuid(), :attempt::uuid, now(), 'email:' || 'BUYER@BENCH.EXAMPLE', '00000000-0000-0000-0000-0000000000b1', NULL, 0))
SELECT count(*) FROM st;
WITH ca AS (UPDATE checkout_attempts c SET "Status" = 1, "OrderId" = :ord::uuid, "UpdatedAt" = now() WHERE c."Id" = :attempt::uuid AND c."Status" = 0),
     res AS (UPDATE inventory_reservations i SET "Status" = 1 WHERE i."AttemptId" = :attempt::uuid AND i."Status" = 0 RETURNING "Sku", "Quantity"),
     st AS (UPDATE inventory_stock_levels i SET "OnHand" = i."OnHand" - res."Quantity", "Reserved" = i."Reserved" - res."Quantity" FROM res WHERE i."Sku" = res."Sku" AND i."LocationId" = 1),
     red AS (UPDATE pricing_discount_redemptions p SET "Status" = 1, "OrderId" = :ord::uuid WHERE p."AttemptId" = :attempt::uuid AND p."Status" = 0),
     x AS (INSERT INTO common_outbox_messages ("Id", "Attempts", "ClaimToken", "ClaimedUntil", "DispatchedAt", "OccurredAt", "Payload", "Type")
           VALUES (gen_random_uuid(), 0, NULL, NULL, NULL, now(), '{"orderId":"' || :ord::text || '","total": 3780,"currency":"USD","customerId": null}', 'order.placed'),
                  (gen_random_uuid(), 0, NULL, NULL, NULL, now(), '{"orderId":"' || :ord::text || '","total": 3780,"currency":"USD"}', 'order.paid')),
     m AS (INSERT INTO inventory_stock_movements ("ActorId", "At", "Delta", "LocationId", "Note", "OrderId", "Reason", "Sku")
           VALUES (NULL, now(), -1, 1, NULL, :ord::uuid, 'sale', :slo::text), (NULL, now(), -1, 1, NULL, :ord::uuid, 'sale', :shi::text)),
     j AS (INSERT INTO ledger_journal_entries ("Id", "At", "Currency", "Kind", "Memo", "OrderId")
           VALUES (:e1::uuid, now(), 'USD', 'order_placed', NULL, :ord::uuid), (:e2::uuid, now(), 'USD', 'payment_captured', NULL, :ord::uuid)),
     o AS (INSERT INTO orders_orders ("Id", "CancelledAt", "CartId", "Currency", "CustomerId", "DiscountCodes", "DiscountTotal", "Email", "FulfillmentStatus",
               "GuestTokenHash", "LeaseId", "LeaseUntil", "PaymentStatus", "PlacedAt", "ShippingMethod", "ShippingTotal", "Status", "Subtotal", "TaxTotal", "Total", "UpdatedAt")
           VALUES (:ord::uuid, NULL, NULL, 'USD', NULL, '{BENCH10}', 420, 'buyer@bench.example', 'unfulfilled', sha256(:ord::bytea), NULL, NULL,
               'captured', now(), NULL, 0, 'paid', 4200, 0, 3780, now())),
     p AS (INSERT INTO payments_payments ("Id", "Authorized", "Captured", "CreatedAt", "Currency", "OrderId", "Provider", "ProviderPaymentId", "Refunded", "State")
           VALUES (gen_random_uuid(), 3780, 3780, now(), 'USD', :ord::uuid, 'sandbox', 'ch_' || :r::text, 0, 'captured')),
     l AS (INSERT INTO ledger_postings ("Account", "Amount", "Currency", "EntryId")
           VALUES ('accounts_receivable', 3780, 'USD', :e1::uuid), ('discounts_given', 420, 'USD', :e1::uuid), ('sales_revenue', -4200, 'USD', :e1::uuid),
                  ('payments_clearing', 3780, 'USD', :e2::uuid), ('accounts_receivable', -3780, 'USD', :e2::uuid)),
     ol AS (INSERT INTO orders_order_lines ("Discount", "FulfilledQuantity", "Name", "OrderId", "ProductId", "Quantity", "RefundedAmount", "RefundedQuantity",
               "RestockedQuantity", "Sku", "Subtotal", "Tax", "Total", "UnitPrice", "VariantName")
           VALUES (210, 0, 'Bench product', :ord::uuid, 1, 1, 0, 0, 0, :slo::text, 2100, 0, 1890, 2100, 'Default'),
                  (210, 0, 'Bench product', :ord::uuid, 1, 1, 0, 0, 0, :shi::text, 2100, 0, 1890, 2100, 'Default'))
UPDATE common_idempotency_keys c SET "Completed" = true, "StatusCode" = 201, "ContentType" = 'application/json',
    "Location" = '/store/orders/' || :ord::text, "Body" = convert_to(repeat('x', 1400), 'UTF8')
WHERE c."Scope" = 'guest:' || 'BUYER@BENCH.EXAMPLE' AND c."Key" = 'key-' || :r::text AND NOT c."Completed";
