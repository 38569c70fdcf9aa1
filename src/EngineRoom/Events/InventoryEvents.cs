namespace EngineRoom.Events;

/// <summary>A SKU's available stock (on hand less reserved, over all locations) fell to or below its threshold. Once per crossing.</summary>
public sealed record InventoryLow(string Sku, long Available, int Threshold, DateTimeOffset DetectedAt) : IIntegrationEvent
{
    public static string Name => "inventory.low";
}
