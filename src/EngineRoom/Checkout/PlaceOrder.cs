using System.Security.Cryptography;
using EngineRoom.Carts;
using EngineRoom.Common;
using EngineRoom.Common.Idempotency;
using EngineRoom.Common.Outbox;
using EngineRoom.Common.Telemetry;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Events;
using EngineRoom.Inventory;
using EngineRoom.Ledger;
using EngineRoom.Orders;
using EngineRoom.Payments;
using EngineRoom.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Checkout;

public sealed record CheckoutLine(string Sku, int Quantity);

/// <param name="Idempotency">The key this checkout runs under: its answer is stored in the record's own transaction.</param>
public sealed record PlaceOrderCommand(
    IReadOnlyList<CheckoutLine> Lines, string Currency, string Email, Guid? CustomerId, Address? ShippingAddress,
    string? ShippingMethod, IReadOnlyList<string> DiscountCodes, string PaymentToken, string? CartId,
    IdempotencyClaim? Idempotency);

/// <summary>How a checkout ended: an order placed, or refused with a problem (having left nothing held or charged).</summary>
public abstract record PlaceOrderOutcome
{
    public sealed record Placed(OrderDto Order, string Location) : PlaceOrderOutcome;
    public sealed record Refused(ProblemHttpResult Problem) : PlaceOrderOutcome;
    /// <summary>The payment needs the customer (3-D Secure): the hold stays, the order comes when the payment succeeds.</summary>
    public sealed record AwaitingAction(CheckoutActionDto Action, string Location) : PlaceOrderOutcome;
    /// <summary>Someone else recorded this checkout's order first (the storefront or the provider's webhook).</summary>
    public sealed record Existing(OrderDto Order) : PlaceOrderOutcome;

    public static implicit operator PlaceOrderOutcome(ProblemHttpResult problem) => new Refused(problem);

    /// <summary>The HTTP answer of Buy Now and cart checkout alike.</summary>
    public Results<Created<OrderDto>, Accepted<CheckoutActionDto>, ProblemHttpResult> ToHttp()
    {
        switch (this)
        {
            case Placed placed: return TypedResults.Created(placed.Location, placed.Order);
            case AwaitingAction awaiting: return TypedResults.Accepted(awaiting.Location, awaiting.Action);
            case Refused refused: return refused.Problem;
            default: throw new InvalidOperationException($"Unexpected checkout outcome {this}.");
        }
    }
}

/// <summary>
/// Turns a cart or a Buy Now request into a paid order in four steps and two commits (docs/checkout.md):
/// <list type="number">
/// <item><b>Price</b>: the stock check and the prices, read without a lock.</item>
/// <item><b>Hold</b>: one transaction, one round trip and its commit: the attempt, the stock, the discount uses.</item>
/// <item><b>Pay</b>: the provider, outside any transaction and holding no connection; the attempt id is its idempotency key.</item>
/// <item><b>Record</b>: one transaction, one round trip and its commit: the attempt completed, the stock sold, the order,
/// its payment, its ledger entries, its events and the stored answer.</item>
/// </list>
/// A step that cannot go on gives back what was held and voids or refunds what was taken; a crash between the commits
/// is resolved by <see cref="CheckoutRecovery"/>. A payment that needs the customer (3-D Secure) stops after Pay with a
/// third commit (<see cref="AwaitAsync"/>): the attempt keeps its hold and its sale, and <see cref="AwaitedCheckouts"/>
/// runs the same Record when the payment succeeds (docs/decisions/0013).
/// </summary>
internal sealed class PlaceOrder(EngineRoomDb db, CheckoutPlace place, CartPricing pricing, IPaymentProvider payments, IOptions<PaymentOptions> paymentOptions,
    IOptions<InventoryOptions> inventoryOptions, IOptions<CheckoutOptions> checkoutOptions, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock,
    CommerceMetrics metrics, AnswerSeal seal, ILogger<PlaceOrder> logger)
{
    private sealed record Priced(PricingOutcome Pricing, IReadOnlyList<Discount> Applied, IReadOnlyList<string> Watched);
    private sealed record Held(CheckoutAttempt Attempt, IReadOnlyList<StockHeld> Stock, DateTimeOffset ExpiresAt);

    public async Task<PlaceOrderOutcome> ExecuteAsync(PlaceOrderCommand command, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (outcome, total) = ("error", 0L); // an exception escaped: the client got a 500
        try
        {
            var result = await PlaceAsync(command, ct);
            (outcome, total) = result switch
            {
                PlaceOrderOutcome.Placed placed => ("placed", placed.Order.Total.Amount),
                PlaceOrderOutcome.Refused refused => (refused.Problem.ProblemDetails.Extensions["code"] as string ?? "problem", 0L),
                PlaceOrderOutcome.AwaitingAction => ("requires_action", 0L),
                _ => ("unknown", 0L),
            };
            return result;
        }
        finally
        {
            metrics.CheckoutFinished(command.CartId is null ? "buy_now" : "cart", outcome, command.Currency, total, started);
        }
    }

    private async Task<PlaceOrderOutcome> PlaceAsync(PlaceOrderCommand command, CancellationToken ct)
    {
        Held held;
        var price = await PriceAsync(command, ct); // no gate: after a sell-out every buyer is refused by its own read, at once
        if (price.Refusal is not null) return price.Refusal;
        var priced = price.Priced!;
        // Buyers of the same SKUs hold one at a time (see StockGate for why); one that had to wait reads the stock again.
        using (var gate = checkoutOptions.Value.StockGate ? await StockGate.EnterAsync(command.Lines.Select(l => l.Sku), ct) : default)
        {
            if (gate.Waited && (await StockReservations.CheckAsync(db, Requests(command), ct)).Short is { Count: > 0 } gone)
                return StockProblems.OutOfStock(gone);
            var hold = await HoldAsync(command, priced, ct);
            if (hold.Refusal is not null) return hold.Refusal;
            held = hold.Held!;
        }
        place.Leave(); // the next buyer in line may price and hold while this one waits for the provider

        var sale = new CheckoutSale(command.CustomerId, command.Email.Trim(), command.Currency, command.ShippingAddress, command.ShippingMethod,
            command.CartId, priced.Pricing.Cart, priced.Pricing.Skus, priced.Watched, held.Stock,
            command.CustomerId is null ? System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24)) : null);
        var pay = await PayAsync(held.Attempt, priced.Pricing.Cart.Total, command, ct);
        if (pay.Refusal is not null) return pay.Refusal;
        if (pay.Payment is { State: PaymentState.RequiresAction } waiting) return await AwaitAsync(held, sale, waiting, command.Idempotency, ct);

        return await RecordAsync(held.Attempt, sale, command.Idempotency, pay.Payment, ct);
    }

    /// <summary>Step 1, before any gate or lock: refuses what certainly cannot be sold, then prices the lines, the codes, shipping and tax.</summary>
    private async Task<(Priced? Priced, ProblemHttpResult? Refusal)> PriceAsync(PlaceOrderCommand command, CancellationToken ct)
    {
        var stock = await StockReservations.CheckAsync(db, Requests(command), ct);
        if (stock.Short.Count > 0) return (null, StockProblems.OutOfStock(stock.Short));
        PricingOutcome priced;
        try
        {
            priced = await pricing.PriceAsync(new PricingRequest(command.Currency, command.Lines.Select(l => (l.Sku, l.Quantity)).ToList(),
                command.DiscountCodes, command.ShippingMethod, command.ShippingAddress?.Country, command.ShippingAddress?.Region), ct);
        }
        catch (PricingException e) { return (null, CheckoutProblems.Unpriceable(e)); }
        if (priced.InvalidCodes.FirstOrDefault() is { } invalid) return (null, CheckoutProblems.DiscountInvalid(invalid.Code!, invalid.Reason));
        var applied = priced.Discounts.Where(d => priced.Cart.Applied.Any(a => a.Id == d.Id)).ToList();
        return (new Priced(priced, applied, stock.Watched), null);
    }

    /// <summary>
    /// Step 2: the attempt, the stock and the discount uses, committed together. The common case (every line at the
    /// default location) is one round trip; anything else (another location, a backorder SKU without stock, a code's
    /// limit changed since pricing) rolls back and is held line by line (<see cref="HoldLineByLineAsync"/>).
    /// </summary>
    private async Task<(Held? Held, ProblemHttpResult? Refusal)> HoldAsync(PlaceOrderCommand command, Priced priced, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expires = now.AddMinutes(inventoryOptions.Value.ReservationMinutes);
        var attempt = new CheckoutAttempt
        {
            Id = Guid.CreateVersion7(now), Status = AttemptStatus.Authorizing, CreatedAt = now, UpdatedAt = now, ExpiresAt = expires,
            IdempotencyScope = command.Idempotency?.Scope, IdempotencyKey = command.Idempotency?.Key, CustomerId = command.CustomerId,
        };
        var customerKey = CustomerKey(command);
        IdempotencyClaim.KeyClaim? key = null;
        var stock = await db.InTransactionAsync(async () =>
        {
            var batch = new SqlBatch(db);
            key = command.Idempotency?.Claim(batch); // first: a concurrent request with the same key waits here, holding nothing
            var hold = StockReservations.Hold(batch, Requests(command));
            attempt.Holds = StockHeld.Write(hold.Held); // what it holds if nothing is short; else all of this rolls back
            attempt.Open(batch);
            var claims = DiscountClaims.Claim(batch, priced.Applied, attempt.Id, customerKey, now);
            await batch.ExecuteAsync(ct);
            return key is not { Taken: true } && hold.Short.Count == 0 && claims.Refused is null ? hold.Held : null;
        }, rollback: held => held is null, ct);
        key?.Settle(committed: stock is not null);
        if (stock is not null) return (new Held(attempt, stock, expires), null);
        if (key is { Taken: true }) return (null, CheckoutProblems.KeyTaken());

        var (held, refusal) = await HoldLineByLineAsync(attempt, command, priced, customerKey, now, ct);
        return refusal is not null ? (null, refusal) : (new Held(attempt, held!, expires), null);
    }

    /// <summary>The hold through every location and backorder, and the claims one by one: the slower, general way.</summary>
    private async Task<(IReadOnlyList<StockHeld>? Held, ProblemHttpResult? Refusal)> HoldLineByLineAsync(CheckoutAttempt attempt, PlaceOrderCommand command,
        Priced priced, string customerKey, DateTimeOffset now, CancellationToken ct)
    {
        IdempotencyClaim.KeyClaim? key = null;
        var hold = await db.InTransactionAsync<(IReadOnlyList<StockHeld>? Held, ProblemHttpResult? Refusal)>(async () =>
        {
            if (command.Idempotency is { } idempotency)
            {
                var batch = new SqlBatch(db);
                key = idempotency.Claim(batch);
                await batch.ExecuteAsync(ct);
                if (key.Taken) return (null, CheckoutProblems.KeyTaken());
            }
            var stock = await StockReservations.ReserveAsync(db, Requests(command), ct);
            if (stock.Short.Count > 0) return (null, StockProblems.OutOfStock(stock.Short));
            attempt.Holds = StockHeld.Write(stock.Held);
            db.CheckoutAttempts.Add(attempt);
            foreach (var discount in priced.Applied)
                if (!await DiscountClaims.ClaimAsync(db, discount, attempt.Id, customerKey, now, ct))
                    return (null, CheckoutProblems.DiscountInvalid(discount.Code ?? discount.Name, "usage_limit_reached"));
            return (stock.Held, null);
        }, rollback: r => r.Refusal is not null, ct);
        key?.Settle(committed: hold.Refusal is null);
        return hold;
    }

    /// <summary>
    /// Step 3: authorizes (and captures, when capture is automatic) outside any transaction. A refusal gives back what the
    /// attempt holds; an ambiguous answer (a timeout) voids whatever the provider holds under the attempt's key.
    /// </summary>
    private async Task<(PaymentResult? Payment, ProblemHttpResult? Refusal)> PayAsync(CheckoutAttempt attempt, long total, PlaceOrderCommand command, CancellationToken ct)
    {
        if (total == 0) return (null, null);
        PaymentResult payment;
        try
        {
            payment = await payments.AuthorizeAsync(new AuthorizeRequest(total, command.Currency, command.PaymentToken, attempt.ProviderKey), ct);
            metrics.PaymentAuthorized(payment);
            // Capture only once the authorization is certain, so an ambiguous answer never leaves captured money.
            if (payment.Succeeded && paymentOptions.Value.CaptureAutomatically)
            {
                var captured = await payments.CaptureAsync(payment.PaymentId!, payment.Authorized, attempt.ProviderKey + "-capture", ct);
                if (!captured.Succeeded)
                {
                    await AbandonAsync(attempt, payment, "capture_failed");
                    return (null, CheckoutProblems.PaymentFailed(captured));
                }
                payment = captured;
            }
        }
        catch (PaymentProviderUnavailableException e)
        {
            logger.LogWarning(e, "Payment outcome unknown for checkout attempt {AttemptId}; voiding by key", attempt.Id);
            metrics.PaymentTimedOut();
            var (reachable, found) = await FindQuietlyAsync(attempt, ct);
            if (reachable) await AbandonAsync(attempt, found, "payment_timeout"); // else CheckoutRecovery asks again later
            return (null, CheckoutProblems.PaymentTimeout());
        }
        if (payment.Succeeded) return (payment, null);
        // The customer must act first (3-D Secure): nothing is authorized yet, and the hold stays while they do.
        if (payment is { State: PaymentState.RequiresAction, PaymentId: not null }) return (payment, null);
        await AbandonAsync(attempt, null, payment.State == PaymentState.Declined ? "payment_declined" : "payment_failed");
        return (null, payment.State == PaymentState.Declined ? CheckoutProblems.PaymentDeclined(payment) : CheckoutProblems.PaymentFailed(payment));
    }

    /// <summary>
    /// Step 3b, when the payment needs the customer (3-D Secure): one batch and its commit. The attempt keeps its hold, the
    /// provider's payment id, who may see it and its sale (sealed); the Idempotency-Key answers this 202 until the checkout
    /// ends. Nothing is authorized yet; if the attempt is no longer the checkout's own, the payment is cancelled.
    /// </summary>
    private async Task<PlaceOrderOutcome> AwaitAsync(Held held, CheckoutSale sale, PaymentResult waiting, IdempotencyClaim? idempotency, CancellationToken ct)
    {
        var (attempt, now) = (held.Attempt, clock.GetUtcNow());
        var location = $"/store/checkouts/{attempt.Id}";
        var action = new CheckoutActionDto("requires_action", attempt.Id, waiting.ClientSecret, new NextActionDto(waiting.NextActionType ?? "use_stripe_sdk"),
            held.ExpiresAt, sale.GuestToken);
        var awaiting = await db.InTransactionAsync(async () =>
        {
            var batch = new SqlBatch(db);
            var updated = attempt.Await(batch, waiting.PaymentId!, sale.GuestToken is { } token ? OrderTokens.Hash(token) : null, held.ExpiresAt,
                sale.Seal(seal, attempt.Id), now);
            idempotency?.Complete(batch, StatusCodes.Status202Accepted, "application/json", location,
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(action, json.Value.SerializerOptions));
            await batch.ExecuteAsync(ct);
            return updated.RowsAffected == 1;
        }, rollback: ok => !ok, ct);
        if (!awaiting)
        {
            await AbandonAsync(attempt, waiting, "record_failed");
            return CheckoutProblems.Interrupted("This checkout was interrupted and has been undone. Please try again.");
        }
        if (idempotency is not null) idempotency.State = ClaimState.Stored;
        return new PlaceOrderOutcome.AwaitingAction(action, location);
    }

    /// <param name="Lost">The attempt could not be completed: someone else resolved it, or its hold ran out.</param>
    private sealed record Recorded(PlaceOrderOutcome? Outcome, bool Commit, bool Lost = false);

    /// <summary>
    /// Step 4: everything the sale writes, in one batch and one commit, with the answer the Idempotency-Key will replay.
    /// The attempt is completed first: if someone else resolved it meanwhile (the recovery job; for an attempt that waited
    /// on the customer also the storefront or the webhook), or the stock it held expired, or the cart was checked out
    /// elsewhere, the batch is rolled back. The payment is then undone, unless this checkout's order was recorded by the
    /// other completer: that order is the answer.
    /// </summary>
    internal async Task<PlaceOrderOutcome> RecordAsync(CheckoutAttempt attempt, CheckoutSale sale, IdempotencyClaim? idempotency, PaymentResult? payment,
        CancellationToken ct)
    {
        var (cart, now, awaited) = (sale.Cart, clock.GetUtcNow(), attempt.Status == AttemptStatus.AwaitingAction);
        var orderId = Guid.CreateVersion7(now);
        var token = sale.GuestToken;
        var captured = payment?.Captured ?? 0;
        var paid = cart.Total == 0 || captured == cart.Total;
        var order = Order.Place(orderId, sale.CustomerId, sale.Email, token is null ? null : OrderTokens.Hash(token),
            paid ? OrderStatus.Paid : OrderStatus.Authorized, sale.Currency, cart, sale.Skus, sale.ShippingAddress,
            sale.ShippingMethod, cart.Applied.Where(a => a.Code is not null).Select(a => a.Code!), sale.CartId, now);
        var answer = new PlaceOrderOutcome.Placed(OrderDto.From(order, token), $"/store/orders/{orderId}");
        var total = new Money(cart.Total, sale.Currency);
        List<OutboxMessage> events = [OutboxMessage.Create(new OrderPlaced(orderId, sale.CustomerId, total, cart.Lines.Select(l => new EventLine(l.Sku, l.Quantity)).ToList(), now), now)];
        if (paid) events.Add(OutboxMessage.Create(new OrderPaid(orderId, sale.CustomerId, total, now), now));
        var entries = SaleEntries.Sale(orderId, sale.Currency, cart.Subtotal, cart.Discount, cart.Shipping, cart.Tax, captured, now);

        var ownTransaction = db.Database.CurrentTransaction is null;
        Recorded recorded;
        try
        {
            recorded = await InOwnOrCallersTransactionAsync(async () =>
            {
                var batch = new SqlBatch(db);
                var completed = attempt.Complete(batch, orderId, now);
                if (awaited)
                {
                    // The storefront and the webhook race here: settled first, so the loser writes nothing more (the rest
                    // would run into the stock the winner consumed). One more round trip, on this path only.
                    await batch.ExecuteAsync(ct);
                    if (completed.RowsAffected != 1) return new Recorded(null, false, Lost: true);
                    batch = new SqlBatch(db);
                }
                StockReservations.Sell(batch, orderId, sale.Stock, now);
                var closing = sale.CartId is { } cartId ? CartCompletion.Complete(batch, cartId, orderId, now) : null;
                OrderBook.Append(batch, order);
                if (payment is not null)
                    OrderPayments.Append(batch, new Payment
                    {
                        Id = Guid.CreateVersion7(now), OrderId = orderId, Provider = payments.Name, ProviderPaymentId = payment.PaymentId!,
                        Currency = sale.Currency, Authorized = payment.Authorized, Captured = captured, State = payment.State, CreatedAt = now,
                    });
                Journal.Append(batch, entries);
                OutboxMessage.Append(batch, events);
                // The answer commits with the order: if this process dies before the client hears it, the retry replays it.
                // A checkout that waited on the customer replaces the 202 its key answered so far.
                var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(answer.Order, json.Value.SerializerOptions);
                if (awaited) idempotency?.Replace(batch, StatusCodes.Status202Accepted, StatusCodes.Status201Created, "application/json", answer.Location, body);
                else idempotency?.Complete(batch, StatusCodes.Status201Created, "application/json", answer.Location, body);
                await batch.ExecuteAsync(ct);

                if (completed.RowsAffected != 1) return new Recorded(null, false, Lost: true);
                if (closing is { Closed: false })
                    return new Recorded(Problems.Conflict("cart_closed", "This cart was already checked out."), false);
                // Only SKUs with a threshold are looked at; an inventory.low event is saved with this transaction.
                await LowStock.CheckAsync(db, sale.Watched, now, ct, rearm: false);
                return new Recorded(answer, true);
            }, ct);
        }
        catch (Exception e) when (ownTransaction) // in a webhook's transaction, the webhook fails and the provider delivers it again
        {
            db.ChangeTracker.Clear();
            // A commit can fail after it took effect (the connection dropped on its answer). Whether the order exists is
            // then read back; if that read fails too, nothing is undone here: CheckoutRecovery decides from the attempt.
            var (completedNow, recordedId, stillOurs) = await CompletedWithQuietlyAsync(attempt);
            if (completedNow is null) throw;
            if (completedNow == true && recordedId == orderId)
            {
                logger.LogWarning(e, "The commit of checkout attempt {AttemptId} reported a failure, but its order is recorded", attempt.Id);
                return Stored(idempotency, answer);
            }
            if (completedNow == true) // another completer recorded this checkout's order: it stands, and so does its payment
            {
                if (await CompletedOrderAsync(attempt.Id, CancellationToken.None) is { } other) return new PlaceOrderOutcome.Existing(OrderDto.From(other, token));
                throw;
            }
            if (stillOurs)
            {
                logger.LogError(e, "Recording the order of checkout attempt {AttemptId} failed; undoing its payment", attempt.Id);
                await AbandonAsync(attempt, payment, "record_failed");
                throw;
            }
            // The batch failed because the attempt was no longer this checkout's (its hold ran out and the stock it would
            // sell was given back, below what the sale takes): the same answer as when its completion changes no row.
            recorded = new Recorded(null, false, Lost: true);
        }
        if (recorded.Commit) return Stored(idempotency, answer);
        // The storefront and the webhook both complete a checkout that waited: the one that lost answers with the order.
        if (recorded.Lost && awaited && await CompletedOrderAsync(attempt.Id, ct) is { } existing)
            return new PlaceOrderOutcome.Existing(OrderDto.From(existing, token));
        var outcome = recorded.Outcome ?? (awaited ? CheckoutProblems.Expired()
            : await HoldRanOutAsync(attempt.Id, ct) ? CheckoutProblems.Interrupted("The stock held for this checkout expired before payment completed. Please try again.")
            : CheckoutProblems.Interrupted("This checkout was interrupted and has been undone. Please try again."));
        await AbandonAsync(attempt, payment, awaited ? "expired" : "record_failed", awaited ? (outcome as PlaceOrderOutcome.Refused)?.Problem : null);
        return outcome;
    }

    /// <summary>Why an attempt could not be completed: its hold ran out while it was still the checkout's own (else someone else resolved it).</summary>
    private Task<bool> HoldRanOutAsync(Guid attemptId, CancellationToken ct) =>
        db.CheckoutAttempts.AnyAsync(a => a.Id == attemptId && a.Status == AttemptStatus.Authorizing && a.Hold == HoldState.Released, ct);

    /// <summary>
    /// In a transaction of its own; or, for a provider webhook's handler, inside the webhook's transaction behind a
    /// savepoint, so a record that must not commit leaves the webhook's own writes (the event id) standing.
    /// </summary>
    private async Task<Recorded> InOwnOrCallersTransactionAsync(Func<Task<Recorded>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not { } outer) return await db.InTransactionAsync(work, rollback: r => !r.Commit, ct);
        await outer.CreateSavepointAsync("checkout_record", ct);
        var recorded = await work();
        if (!recorded.Commit) await outer.RollbackToSavepointAsync("checkout_record", ct);
        return recorded;
    }

    private static PlaceOrderOutcome Stored(IdempotencyClaim? idempotency, PlaceOrderOutcome.Placed answer)
    {
        if (idempotency is not null) idempotency.State = ClaimState.Stored;
        return answer;
    }

    /// <summary>Whether the attempt was completed, and with which order, as the database says; null when it cannot be asked.</summary>
    /// <summary>
    /// Whether the attempt was completed, and with which order, as the database says; null when it cannot be asked. Still
    /// ours: nobody else resolved it and its hold stands, so the record could still be made.
    /// </summary>
    private async Task<(bool? Completed, Guid? OrderId, bool StillOurs)> CompletedWithQuietlyAsync(CheckoutAttempt attempt)
    {
        try
        {
            var now = await db.CheckoutAttempts.AsNoTracking().Where(a => a.Id == attempt.Id).Select(a => new { a.Status, a.OrderId, a.Hold })
                .SingleAsync(CancellationToken.None);
            return (now.Status == AttemptStatus.Completed, now.OrderId, now.Status == attempt.Status && now.Hold == HoldState.Held);
        }
        catch (Exception) { return (null, null, false); }
    }

    /// <summary>The order an attempt was completed with, if it was.</summary>
    internal async Task<Order?> CompletedOrderAsync(Guid attemptId, CancellationToken ct) =>
        await db.CheckoutAttempts.AsNoTracking().Where(a => a.Id == attemptId && a.Status == AttemptStatus.Completed).Select(a => a.OrderId)
            .SingleOrDefaultAsync(ct) is { } orderId ? await OrderBook.FindAsync(db, orderId, ct) : null;

    /// <summary>
    /// Undoes an attempt that will not become an order: the payment voided or refunded, stock and discounts given back
    /// (and, for one that waited on the customer, its key's 202 replaced by <paramref name="refusal"/>). If the payment
    /// cannot be undone now, everything stays held for <see cref="CheckoutRecovery"/> to finish.
    /// </summary>
    internal async Task<bool> AbandonAsync(CheckoutAttempt attempt, PaymentResult? payment, string reason, ProblemHttpResult? refusal = null)
    {
        var ct = CancellationToken.None; // the client may have gone; the clean-up must still finish
        if (!await CheckoutRecovery.UndoPaymentAsync(payments, attempt, payment, logger, ct)) return false;
        await CheckoutRecovery.ReleaseAsync(db, attempt.Id, reason, forgetIdempotencyKey: false, clock.GetUtcNow(), ct,
            refusal is null ? null : CheckoutProblems.Stored(refusal, seal, json.Value.SerializerOptions));
        return true;
    }

    private async Task<(bool Reachable, PaymentResult? Payment)> FindQuietlyAsync(CheckoutAttempt attempt, CancellationToken ct)
    {
        try { return (true, await payments.FindAsync(attempt.ProviderKey, ct)); }
        catch (PaymentProviderUnavailableException) { return (false, null); }
    }

    private static IEnumerable<StockRequest> Requests(PlaceOrderCommand command) => command.Lines.Select(l => new StockRequest(l.Sku, l.Quantity));

    private static string CustomerKey(PlaceOrderCommand command) => command.CustomerId?.ToString() ?? "email:" + Emails.Normalize(command.Email);
}
