using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EngineRoom.Common;
using EngineRoom.Customers;
using EngineRoom.Data;
using Microsoft.Extensions.Options;

namespace EngineRoom.Carts;

internal static class CreateCart
{
    public sealed record Request([RegularExpression("^[A-Z]{3}$", ErrorMessage = "Currency must be an ISO 4217 code such as USD.")] string? Currency);

    public static RouteHandlerBuilder MapCreateCart(this RouteGroupBuilder carts) =>
        carts.MapPost("/", Handle).WithName(nameof(CreateCart))
            .WithSummary("Create a cart")
            .WithDescription("A guest's cart is reachable by its id alone (keep the id like a session token); a signed-in " +
                "customer's cart is theirs only.");

    // A signed-in caller's cart is bound to them; a guest's cart is reachable by its id alone.
    internal static async Task<Results<Created<CartDto>, ProblemHttpResult>> Handle(
        Request? request, ClaimsPrincipal user, EngineRoomDb db, CartPricer pricer, IOptions<StoreOptions> store, TimeProvider clock, CancellationToken ct)
    {
        var currency = request?.Currency ?? store.Value.Currency;
        if (!Currencies.IsKnown(currency)) return Problems.Validation("currency", $"Unknown currency '{currency}'.");
        var cart = Cart.Create(user.TryGetAccountId(), currency, clock.GetUtcNow());
        var batch = new SqlBatch(db); // the insert and the reads that price the empty cart (its promotions), one round trip
        CartRows.Insert(batch, cart);
        var pricing = pricer.Read(batch, cart);
        await batch.ExecuteAsync(ct);
        return TypedResults.Created($"/store/carts/{cart.Id}", CartPricer.ToDto(cart, pricing));
    }
}
