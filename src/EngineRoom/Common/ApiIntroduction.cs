namespace EngineRoom.Common;

/// <summary>
/// The first thing a storefront developer reads: the OpenAPI document's <c>info.description</c> (markdown), shown at
/// the top of /docs. It states the rules every operation follows, so the operations' own descriptions need not repeat them.
/// </summary>
internal static class ApiIntroduction
{
    public const string Title = "EngineRoom API";

    public const string Markdown = """
        EngineRoom is a headless commerce backend: catalog, stock, prices and discounts, carts, checkout with payment,
        orders and a double-entry ledger. A storefront (web, app, point of sale) calls the **store API** under `/store`;
        tokens come from `/auth`; staff and back-office systems use `/admin`.

        - **Try it**: the demo storefront at [`/shop`](/shop/) is built on this API alone, in plain HTML and JavaScript
          made to be copied (`src/EngineRoom/wwwroot/shop/`, explained in `docs/storefront.md`).
        - **GraphQL**: the same services, with the same authorization, at [`/graphql`](/graphql) (see `docs/graphql.md`).
        - **Walk-through with curl**: the README's "A walk through with curl".

        ## Sign-in
        - **Guests** need no token. They browse, fill a cart and check out with an email. A guest's checkout answer
          holds an `orderToken`, shown once: send it as the `Order-Token` header to read that order again
          (`GET /store/orders/{id}`). Keep it like a password; the server stores only its hash.
        - **Customers** register (`POST /auth/register`) and sign in (`POST /auth/token` with email and password). The
          answer holds an `accessToken` (15 minutes) and a `refreshToken` (30 days, one use: `POST /auth/refresh` answers
          a new pair; a refresh token used twice ends the session). Send `Authorization: Bearer <accessToken>`.
          `POST /auth/logout` ends the session. Send `guestCartId` with `POST /auth/token` to merge a guest's cart into the customer's.
        - **Staff and admins** sign in the same way; their tokens open `/admin`.
        - **API keys** (`er_...`, made by an admin at `POST /admin/api-keys`) are for server-to-server callers: sent as
          `Authorization: Bearer er_...`, they reach only the `/admin` areas their scopes name (`orders:read`,
          `inventory:write`, ...). Each operation below lists the scope it needs.
        - Another customer's cart or order answers **404**, never 403, so ids are never confirmed to strangers.

        ## Errors
        Every error is an RFC 9457 problem detail (`application/problem+json`) with a stable machine-readable `code`.
        Branch on `code`; show `detail` to people (its wording may change, the code does not). Validation errors
        (400 `validation_failed`) name each field in `errors`. A refused request changes nothing.

        ```json
        { "status": 402, "title": "Payment Required", "detail": "The card was declined.",
          "code": "payment_declined", "declineCode": "card_declined" }
        ```

        | status | code | meaning |
        |---|---|---|
        | 400 | `validation_failed` | a field is missing or malformed (`errors` names it) |
        | 401 | `unauthorized`, `invalid_credentials`, `invalid_refresh_token`, `refresh_token_reused`, `invalid_api_key` | no valid token, or sign-in refused |
        | 402 | `payment_declined` | the card was declined (`declineCode`: `card_declined`, `insufficient_funds`, `invalid_token`) |
        | 403 | `forbidden`, `insufficient_scope`, `api_key_not_allowed` | signed in, but not allowed |
        | 404 | `not_found` | no such thing, or not yours |
        | 409 | `out_of_stock` | not enough stock for the SKUs named |
        | 409 | `idempotency_conflict`, `idempotency_in_progress` | a key reused with another body; the first request is still running (retry after `Retry-After`) |
        | 409 | `cart_closed`, `invalid_transition` | the cart was checked out; the order cannot take this action now |
        | 422 | `unknown_sku`, `price_unavailable`, `discount_invalid`, `cart_empty`, `shipping_method_invalid` | a well-formed request the shop cannot serve |
        | 429 | `too_many_attempts` | rate limited: wait for `Retry-After` seconds |
        | 502 / 504 | `payment_provider_error`, `payment_provider_timeout` | the payment provider failed or did not answer: nothing was charged, try again |
        | 503 | `checkout_busy` | too many checkouts waiting: nothing was held, try again in a second |

        ## Money
        Amounts are integers in the currency's **minor units** with an ISO 4217 code: `{ "amount": 1999, "currency": "USD" }`
        is $19.99, `{ "amount": 1200, "currency": "JPY" }` is ¥1,200. Never floats. The server computes every total
        (discounts, shipping, tax); a client formats what it is given.

        ## Paging
        Lists take `?limit=` (1-100) and answer `{ "items": [...], "nextCursor": "..." }`. Pass `cursor=<nextCursor>`
        with the same filters for the next page; `nextCursor` is null on the last one. Cursors are opaque: a cursor
        from another filter or sort is refused (400).

        ## Idempotency
        Every POST that creates an order, a payment or a refund takes an `Idempotency-Key` header (1-255 printable
        ASCII characters; a UUID is best), with Stripe's semantics: the same key and the same body answer the first
        answer again (header `Idempotent-Replayed: true`), charging at most once; the same key with another body is
        409 `idempotency_conflict`; while the first request runs, a second is 409 `idempotency_in_progress`. Make one key
        per checkout attempt and reuse it for retries of that attempt (after a timeout, a 5xx, a lost connection); a 400
        or a 5xx does not spend the key. Keys are kept 24 hours.

        ## Sandbox test tokens
        With the built-in sandbox payment provider (the default), `paymentToken` is one of these; no card is involved.

        | token | what happens |
        |---|---|
        | `tok_visa` | paid |
        | `tok_declined` | 402 `payment_declined`, `declineCode` `card_declined`: no order, nothing held |
        | `tok_insufficient_funds` | 402 `payment_declined`, `declineCode` `insufficient_funds` |
        | `tok_error` | 502 `payment_provider_error`: the provider failed, nothing charged |
        | `tok_timeout` | 504 `payment_provider_timeout`: authorized, then no answer; the authorization is voided |
        | `tok_refund_fails_once` | paid like `tok_visa`; the first refund of each idempotency key fails at the provider |
        | anything else | 402 `payment_declined`, `declineCode` `invalid_token` |
        """;
}
