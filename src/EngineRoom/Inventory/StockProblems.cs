using EngineRoom.Common;

namespace EngineRoom.Inventory;

/// <summary>The answers Inventory's refusals get wherever they surface (adding to a cart, checking out).</summary>
public static class StockProblems
{
    public static ProblemHttpResult OutOfStock(IReadOnlyList<string> skus) =>
        Problems.Create(StatusCodes.Status409Conflict, "out_of_stock", $"Not enough stock for {string.Join(", ", skus)}.",
            new Dictionary<string, object?> { ["skus"] = skus });
}
