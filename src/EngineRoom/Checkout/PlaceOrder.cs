using System.Security.Cryptography;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Common.Idempotency;
using EngineRoom.Common.Outbox;
using EngineRoom.Common.Telemetry;
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

public sealed record PlaceOrderCommand(
    IReadOnlyList<CheckoutLine> Lines, string Currency, string Email, Guid? CustomerId, Address? ShippingAddress,
    string? ShippingMethod, IReadOnlyList<string> DiscountCodes, string PaymentToken, string? CartId,
    IdempotencyClaim? Idempotency);

/// <summary>
/// Turns a cart or a Buy Now request into a paid order, in this order: price; reserve the stock and claim the
/// discount uses (one transaction, committed with the attempt record); take the payment (the attempt id is the
/// provider's idempotency key); then, in one transaction, write the order, its lines, the consumed reservations,
/// the payment, the balanced ledger entries and the outbox events. Any failure gives back what was held and voids
/// or refunds what was taken, so nothing is left half done; a crash is resolved by <see cref="CheckoutRecovery"/>.
/// </summary>
internal sealed class PlaceOrder(EngineRoomDb db, CartPricing pricing, IPaymentProvider payments, IOptions<PaymentOptions> paymentOptions,
    IOptions<InventoryOptions> inventoryOptions, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, CommerceMetrics metrics, ILogger<PlaceOrder> logger)
{
    public async Task<Results<Created<OrderDto>, ProblemHttpResult>> ExecuteAsync(PlaceOrderCommand command, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "error"; // an exception escaped: the client got a 500
        long total = 0;
        try
        {
            var result = await PlaceAsync(command, ct);
            (outcome, total) = result.Result switch
            {
                Created<OrderDto> created => ("placed", created.Value!.Total.Amount),
                ProblemHttpResult problem => (problem.ProblemDetails.Extensions["code"] as string ?? "problem", 0L),
                _ => ("unknown", 0L),
            };
            return result;
        }
        finally
        {
            metrics.CheckoutFinished(command.CartId is null ? "buy_now" : "cart", outcome, command.Currency, total, started);
        }
    }

    private async Task<Results<Created<OrderDto>, ProblemHttpResult>> PlaceAsync(PlaceOrderCommand command, CancellationToken ct)
    {
        // Buyers of the same SKUs go from here to their reservation one at a time (see StockGate for why).
        CheckoutAttempt attempt;
        PricingOutcome priced;
        using (await StockGate.EnterAsync(command.Lines.Select(l => l.Sku), ct))
        {
            var soldOut = await StockReservations.CertainlyShortAsync(db, command.Lines.Select(l => new StockRequest(l.Sku, l.Quantity)), ct);
            if (soldOut.Count > 0) return StockProblems.OutOfStock(soldOut);
            try
            {
                priced = await pricing.PriceAsync(new PricingRequest(command.Currency, command.Lines.Select(l => (l.Sku, l.Quantity)).ToList(),
                    command.DiscountCodes, command.ShippingMethod, command.ShippingAddress?.Country, command.ShippingAddress?.Region), ct);
            }
            catch (PricingException e) { return CheckoutProblems.Unpriceable(e); }
            if (priced.InvalidCodes.FirstOrDefault() is { } invalid) return CheckoutProblems.DiscountInvalid(invalid.Code!, invalid.Reason);

            var now = clock.GetUtcNow();
            attempt = new CheckoutAttempt
            {
                Id = Guid.CreateVersion7(now), Status = AttemptStatus.Authorizing, CreatedAt = now, UpdatedAt = now,
                IdempotencyScope = command.Idempotency?.Scope, IdempotencyKey = command.Idempotency?.Key,
            };
            if (await HoldAsync(attempt, command, priced, now, ct) is { } refused) return refused;
        }

        PaymentResult? payment = null;
        if (priced.Cart.Total > 0)
        {
            try
            {
                payment = await payments.AuthorizeAsync(new AuthorizeRequest(priced.Cart.Total, command.Currency, command.PaymentToken, attempt.ProviderKey), ct);
                metrics.PaymentAuthorized(payment);
                // Capture only once the authorization is certain, so an ambiguous answer never leaves captured money.
                if (payment.Succeeded && paymentOptions.Value.CaptureAutomatically)
                {
                    var captured = await payments.CaptureAsync(payment.PaymentId!, payment.Authorized, attempt.ProviderKey + "-capture", ct);
                    if (!captured.Succeeded)
                    {
                        await AbandonAsync(attempt, payment, "capture_failed");
                        return CheckoutProblems.PaymentFailed(captured);
                    }
                    payment = captured;
                }
            }
            catch (PaymentProviderUnavailableException e)
            {
                // The ambiguous case: the provider may have authorized. Void whatever it holds under our key, then let go.
                logger.LogWarning(e, "Payment outcome unknown for checkout attempt {AttemptId}; voiding by key", attempt.Id);
                metrics.PaymentTimedOut();
                var (reachable, found) = await FindQuietlyAsync(attempt, ct);
                if (reachable) await AbandonAsync(attempt, found, "payment_timeout"); // else CheckoutRecovery asks again later
                return CheckoutProblems.PaymentTimeout();
            }
            if (!payment.Succeeded)
            {
                await AbandonAsync(attempt, null, payment.State == PaymentState.Declined ? "payment_declined" : "payment_failed");
                return payment.State == PaymentState.Declined ? CheckoutProblems.PaymentDeclined(payment) : CheckoutProblems.PaymentFailed(payment);
            }
        }

        Created<OrderDto>? created = null;
        try
        {
            return await RecordAsync(attempt, command, priced, payment, answer => created = answer, ct);
        }
        catch (Exception e)
        {
            db.ChangeTracker.Clear();
            // A commit can fail after it took effect (the connection dropped on its answer). Whether the order exists is
            // then read back; if that read fails too, nothing is undone here: CheckoutRecovery decides from the attempt.
            if (created is not null && e is not CheckoutInterruptedException
                && await db.CheckoutAttempts.AnyAsync(a => a.Id == attempt.Id && a.Status == AttemptStatus.Completed, CancellationToken.None))
            {
                logger.LogWarning(e, "The commit of checkout attempt {AttemptId} reported a failure, but its order is recorded", attempt.Id);
                if (command.Idempotency is { } claim) claim.Stored = true;
                return created;
            }
            logger.LogError(e, "Recording the order of checkout attempt {AttemptId} failed; undoing its payment", attempt.Id);
            await AbandonAsync(attempt, payment, "record_failed");
            if (e is CheckoutInterruptedException interrupted) return CheckoutProblems.Interrupted(interrupted.Message);
            throw;
        }
    }

    /// <summary>Reserves the stock and claims the discounts, all or nothing, and commits the attempt with them.</summary>
    private async Task<ProblemHttpResult?> HoldAsync(CheckoutAttempt attempt, PlaceOrderCommand command, PricingOutcome priced, DateTimeOffset now, CancellationToken ct)
    {
        var customerKey = command.CustomerId?.ToString() ?? "email:" + Emails.Normalize(command.Email);
        var expires = now.AddMinutes(inventoryOptions.Value.ReservationMinutes);
        var applied = priced.Discounts.Where(d => priced.Cart.Applied.Any(a => a.Id == d.Id)).ToList();
        return await db.InTransactionAsync(async () =>
        {
            db.CheckoutAttempts.Add(attempt);
            var shortSkus = await StockReservations.ReserveAsync(db, attempt.Id, command.Lines.Select(l => new StockRequest(l.Sku, l.Quantity)), now, expires, ct);
            if (shortSkus.Count > 0) return StockProblems.OutOfStock(shortSkus);
            foreach (var discount in applied)
                if (!await DiscountClaims.ClaimAsync(db, discount, attempt.Id, customerKey, now, ct))
                    return CheckoutProblems.DiscountInvalid(discount.Code ?? discount.Name, "usage_limit_reached");
            return null;
        }, rollback: problem => problem is not null, ct);
    }

    /// <param name="answered">Receives the answer as soon as it is built, before the commit (see the caller's catch).</param>
    private async Task<Created<OrderDto>> RecordAsync(CheckoutAttempt attempt, PlaceOrderCommand command, PricingOutcome priced,
        PaymentResult? payment, Action<Created<OrderDto>> answered, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var orderId = Guid.CreateVersion7(now);
        var token = command.CustomerId is null ? System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24)) : null;
        var captured = payment?.Captured ?? 0;
        var paid = priced.Cart.Total == 0 || captured == priced.Cart.Total;
        var order = Order.Place(orderId, command.CustomerId, command.Email.Trim(), token is null ? null : OrderTokens.Hash(token),
            paid ? OrderStatus.Paid : OrderStatus.Authorized, command.Currency, priced.Cart, priced.Skus, command.ShippingAddress,
            command.ShippingMethod, priced.Cart.Applied.Where(a => a.Code is not null).Select(a => a.Code!), command.CartId, now);

        var created = await db.InTransactionAsync(async () =>
        {
            // Whoever completes the attempt owns it: if the recovery job got there first, this request must not record.
            if (await db.CheckoutAttempts.Where(a => a.Id == attempt.Id && a.Status == AttemptStatus.Authorizing).ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Status, AttemptStatus.Completed).SetProperty(a => a.OrderId, orderId).SetProperty(a => a.UpdatedAt, now), ct) == 0)
                throw new CheckoutInterruptedException("This checkout was interrupted and has been undone. Please try again.");
            if (!await StockReservations.ConsumeAsync(db, attempt.Id, orderId, now, ct))
                throw new CheckoutInterruptedException("The stock held for this checkout expired before payment completed. Please try again.");
            if (priced.Cart.Applied.Count > 0) await DiscountClaims.ConsumeAsync(db, attempt.Id, orderId, ct);
            if (command.CartId is { } cartId) await Carts.CartCompletion.CompleteAsync(db, cartId, orderId, now, ct);

            OrderBook.Append(db, order);
            if (payment is not null)
                OrderPayments.Append(db, new Payment
                {
                    Id = Guid.CreateVersion7(now), OrderId = orderId, Provider = payments.Name, ProviderPaymentId = payment.PaymentId!,
                    Currency = command.Currency, Authorized = payment.Authorized, Captured = captured, State = payment.State, CreatedAt = now,
                });
            var c = priced.Cart;
            Journal.Append(db, SaleEntries.OrderPlaced(orderId, command.Currency, c.Subtotal, c.Discount, c.Shipping, c.Tax, now));
            if (captured > 0) Journal.Append(db, SaleEntries.PaymentCaptured(orderId, command.Currency, captured, now));
            var total = new Money(c.Total, command.Currency);
            db.OutboxMessages.Add(OutboxMessage.Create(new OrderPlaced(orderId, command.CustomerId, total, c.Lines.Select(l => new EventLine(l.Sku, l.Quantity)).ToList(), now), now));
            if (paid) db.OutboxMessages.Add(OutboxMessage.Create(new OrderPaid(orderId, command.CustomerId, total, now), now));
            // The answer commits with the order: if this process dies before the client hears it, the retry replays it.
            await db.SaveChangesAsync(ct);
            var answer = TypedResults.Created($"/store/orders/{order.Id}", OrderDto.From(order, token));
            answered(answer);
            if (command.Idempotency is { } claim)
                await claim.CompleteAsync(db, StatusCodes.Status201Created, "application/json", answer.Location,
                    System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(answer.Value, json.Value.SerializerOptions), ct);
            return answer;
        }, rollback: _ => false, ct);
        if (command.Idempotency is { } stored) stored.Stored = true;
        return created;
    }

    /// <summary>
    /// Undoes an attempt that will not become an order: the payment voided or refunded, stock and discounts given back.
    /// If the payment cannot be undone now, everything stays held for <see cref="CheckoutRecovery"/> to finish.
    /// </summary>
    private async Task AbandonAsync(CheckoutAttempt attempt, PaymentResult? payment, string reason)
    {
        var ct = CancellationToken.None; // the client may have gone; the clean-up must still finish
        if (!await CheckoutRecovery.UndoPaymentAsync(payments, attempt, payment, logger, ct)) return;
        await CheckoutRecovery.ReleaseAsync(db, attempt.Id, reason, forgetIdempotencyKey: false, clock.GetUtcNow(), ct);
    }

    private async Task<(bool Reachable, PaymentResult? Payment)> FindQuietlyAsync(CheckoutAttempt attempt, CancellationToken ct)
    {
        try { return (true, await payments.FindAsync(attempt.ProviderKey, ct)); }
        catch (PaymentProviderUnavailableException) { return (false, null); }
    }
}

internal sealed class CheckoutInterruptedException(string message) : Exception(message);
