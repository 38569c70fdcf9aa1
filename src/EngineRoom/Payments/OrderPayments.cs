using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Payments;

/// <summary>
/// Payments' face to the order actions: an order's payment, and the provider calls that move its money. Each call
/// carries the caller's provider idempotency key; a refused or failed call changes nothing and is 502
/// <c>payment_provider_error</c>; one whose outcome is unknown (a timeout, the provider down) is 504
/// <c>payment_provider_timeout</c>, and the retry with the same Idempotency-Key repeats the same provider call (its key is
/// derived from it), so it happens once; a successful one is recorded on the payment, saved with the caller's transaction.
/// </summary>
public static class OrderPayments
{
    /// <summary>Records the payment a checkout took, in the checkout's own transaction, with the order.</summary>
    public static void Append(SqlBatch batch, Payment p) =>
        batch.Add("""
            INSERT INTO payments_payments ("Id", "OrderId", "Provider", "ProviderPaymentId", "Currency", "Authorized", "Captured", "Refunded", "State", "CreatedAt")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9})
            """, p.Id, p.OrderId, p.Provider, p.ProviderPaymentId, p.Currency, p.Authorized, p.Captured, p.Refunded, p.State.ToString(), p.CreatedAt);

    public static Task<Payment?> FindAsync(EngineRoomDb db, Guid orderId, CancellationToken ct) =>
        db.Payments.SingleOrDefaultAsync(p => p.OrderId == orderId, ct);

    public static async Task CaptureAsync(IPaymentProvider provider, Payment payment, long amount, string key, CancellationToken ct) =>
        payment.Record(Succeeded(await Answered(() => provider.CaptureAsync(payment.ProviderPaymentId, amount, key, ct))));

    public static async Task VoidAsync(IPaymentProvider provider, Payment payment, string key, CancellationToken ct) =>
        payment.Record(Succeeded(await Answered(() => provider.VoidAsync(payment.ProviderPaymentId, key, ct))));

    public static async Task RefundAsync(IPaymentProvider provider, Payment payment, long amount, string key, CancellationToken ct) =>
        payment.Record(Succeeded(await Answered(() => provider.RefundAsync(payment.ProviderPaymentId, amount, key, ct))));

    private static PaymentResult Succeeded(PaymentResult result) => result.Succeeded ? result
        : throw new BusinessRuleException("payment_provider_error",
            $"The payment provider refused or failed the operation ({result.DeclineCode}). Nothing was changed; retry with the same Idempotency-Key.", 502);

    private static async Task<PaymentResult> Answered(Func<Task<PaymentResult>> call)
    {
        try { return await call(); }
        catch (PaymentProviderUnavailableException)
        {
            throw new BusinessRuleException("payment_provider_timeout",
                "The payment provider did not answer; whether it acted is not known yet. Nothing was recorded: retry with the same Idempotency-Key.", 504);
        }
    }
}
