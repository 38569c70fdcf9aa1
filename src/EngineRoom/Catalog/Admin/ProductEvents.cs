using EngineRoom.Common.Outbox;
using EngineRoom.Data;
using EngineRoom.Events;

namespace EngineRoom.Catalog.Admin;

/// <summary>The product.* events, added to the unit of work of the edit they describe (saved with it, or not at all).</summary>
internal static class ProductEvents
{
    public static void Created(EngineRoomDb db, Product p, DateTimeOffset now) =>
        db.OutboxMessages.Add(OutboxMessage.Create(new ProductCreated(p.Id, p.Slug, Skus(p), p.Published, now), now));

    /// <summary>The product itself, a variant of it or a variant's prices changed.</summary>
    public static void Updated(EngineRoomDb db, Product p, DateTimeOffset now) =>
        db.OutboxMessages.Add(OutboxMessage.Create(new ProductUpdated(p.Id, p.Slug, Skus(p), p.Published, now), now));

    public static void Deleted(EngineRoomDb db, Product p, DateTimeOffset now) =>
        db.OutboxMessages.Add(OutboxMessage.Create(new ProductDeleted(p.Id, p.Slug, Skus(p), now), now));

    private static List<string> Skus(Product p) => p.Variants.OrderBy(v => v.Id).Select(v => v.Sku).ToList();
}
