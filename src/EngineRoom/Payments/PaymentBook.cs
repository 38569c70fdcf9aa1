using EngineRoom.Data;

namespace EngineRoom.Payments;

/// <summary>The one way another module records a payment taken for an order: in its own unit of work, with the order.</summary>
public static class PaymentBook
{
    public static void Append(EngineRoomDb db, Payment payment) => db.Payments.Add(payment);
}
