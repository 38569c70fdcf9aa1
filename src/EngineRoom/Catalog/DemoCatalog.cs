using EngineRoom.Common;
using EngineRoom.Data;
using EngineRoom.Inventory;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Catalog;

/// <summary>
/// A deterministic demo catalog for the embedded default (<c>Seed:DemoCatalog</c>, default on for SQLite): a
/// category tree and a few hundred products with variants, USD and EUR prices and stock, seeded only into an empty
/// catalog. Everything goes in through prepared inserts in one transaction, so startup stays fast.
/// </summary>
internal static class DemoCatalog
{
    private sealed record Leaf(string Slug, string Name, string[] Nouns, string OptionName, string[] OptionValues, int BasePrice);

    private static readonly (string Slug, string Name, Leaf[] Leaves)[] Tree =
    [
        ("apparel", "Apparel", [
            new("t-shirts", "T-shirts", ["Tee", "T-shirt", "Henley", "Tank"], "Size", ["XS", "S", "M", "L", "XL", "XXL"], 1900),
            new("hoodies", "Hoodies", ["Hoodie", "Zip Hoodie", "Sweatshirt"], "Size", ["S", "M", "L", "XL"], 4900),
            new("socks", "Socks", ["Socks", "Ankle Socks", "Hiking Socks"], "Size", ["S", "M", "L"], 900)]),
        ("home", "Home", [
            new("kitchen", "Kitchen", ["Mug", "Chef Knife", "Cutting Board", "Teapot", "Skillet"], "Colour", ["Black", "White", "Sage", "Terracotta"], 2500),
            new("lighting", "Lighting", ["Desk Lamp", "Pendant Light", "Candle", "Lantern"], "Finish", ["Brass", "Matte Black", "Oak"], 3900),
            new("textiles", "Textiles", ["Throw Blanket", "Cushion", "Tea Towel", "Rug"], "Colour", ["Oat", "Charcoal", "Rust", "Indigo"], 2900)]),
        ("outdoors", "Outdoors", [
            new("camping", "Camping", ["Tent", "Sleeping Bag", "Camp Stove", "Water Bottle"], "Colour", ["Forest", "Sand", "Orange"], 5900),
            new("cycling", "Cycling", ["Bike Light", "Saddle Bag", "Cycling Jersey", "Bottle Cage"], "Size", ["S", "M", "L"], 3400)]),
        ("books", "Books", [
            new("cookbooks", "Cookbooks", ["Cookbook", "Baking Book"], "Format", ["Hardcover", "Paperback", "E-book"], 2200),
            new("travel-guides", "Travel guides", ["Travel Guide", "City Atlas"], "Format", ["Paperback", "E-book"], 1800)]),
    ];

    private static readonly string[] Adjectives = ["Classic", "Everyday", "Organic", "Recycled", "Heavyweight", "Lightweight", "Vintage",
        "Modern", "Rustic", "Nordic", "Coastal", "Alpine", "Urban", "Handmade", "Essential", "Premium"];
    private static readonly string[] Materials = ["Cotton", "Linen", "Wool", "Bamboo", "Ceramic", "Walnut", "Steel", "Canvas", "Merino", "Stoneware"];
    private static readonly string[] Phrases = ["Made to last and easy to care for.", "Designed in small batches.",
        "A favourite for everyday use.", "Pairs well with the rest of the range.", "Sustainably sourced materials.",
        "Ships in plastic-free packaging.", "Backed by a two-year guarantee."];
    // Collection names are rare words: about one product in a thousand carries each (search benchmarks use them).
    private static readonly string[] Collections = ["Kestrel", "Marigold", "Tamarind", "Juniper", "Obsidian", "Saffron", "Halcyon",
        "Lupine", "Quartzite", "Wren", "Zephyr", "Bramble", "Cobalt", "Fennel", "Garnet", "Heron", "Indigo", "Larkspur", "Meridian", "Nightjar"];

    public const int ProductsPerLeaf = 24;

    /// <summary>Seeds when configured and the catalog is empty; prints one line when it does.</summary>
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var config = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!config.GetValue("Seed:DemoCatalog", DatabaseSetup.ReadProvider(config) == DatabaseProvider.Sqlite)) return;
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var (products, skus) = await SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
        if (products > 0) Console.WriteLine($"Demo catalog seeded: {products} products, {skus} SKUs.");
    }

    /// <summary>
    /// Seeds into an empty catalog; answers how many products and SKUs it added (none if the catalog had any). Products
    /// are built through the entities (their invariants and price ranges), then written with prepared inserts.
    /// </summary>
    public static async Task<(int Products, int Skus)> SeedAsync(EngineRoomDb db, TimeProvider clock, CancellationToken ct,
        int productsPerLeaf = ProductsPerLeaf)
    {
        if (await db.Products.AnyAsync(ct)) return (0, 0);
        var random = new Random(20261123);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var leaves = await SeedCategoriesAsync(db, ct);
        var total = leaves.Count * productsPerLeaf;
        var stock = new List<(string Sku, long Delta)>();

        await using (var products = await BulkInsert.PrepareAsync<Product>(db,
            ["Slug", "Name", "ShortDescription", "Description", "CategoryId", "Published", "Images", "CreatedAt", "UpdatedAt"], returning: "Id", ct: ct))
        await using (var variants = await BulkInsert.PrepareAsync<Variant>(db, ["ProductId", "Sku", "Name", "!options"], returning: "Id",
            jsonColumns: new HashSet<string> { "options" }, ct: ct))
        await using (var prices = await BulkInsert.PrepareAsync<VariantPrice>(db, ["VariantId", "Currency", "Amount"], ct: ct))
        await using (var ranges = await BulkInsert.PrepareAsync<ProductPriceRange>(db, ["ProductId", "Currency", "MinAmount", "MaxAmount"], ct: ct))
        {
            var n = 0;
            for (var i = 0; i < productsPerLeaf; i++)
                foreach (var (leaf, categoryId) in leaves)
                {
                    // Interleaved across categories and oldest first, so "newest" (highest id) is also the latest created.
                    var p = MakeProduct(random, leaf, categoryId, ++n, now.AddMinutes(n - total));
                    var productId = await products.InsertAsync(ct, p.Slug, p.Name, p.ShortDescription, p.Description, p.CategoryId,
                        p.Published, p.Images, p.CreatedAt, p.UpdatedAt);
                    foreach (var v in p.Variants)
                    {
                        var options = System.Text.Json.JsonSerializer.Serialize(v.Options.Select(o => new { o.Name, o.Value }));
                        var variantId = await variants.InsertAsync(ct, productId, v.Sku, v.Name, options);
                        foreach (var price in v.Prices) await prices.InsertAsync(ct, variantId, price.Currency, price.Amount);
                        var quantity = random.Next(10) == 0 ? 0 : random.Next(1, 60);
                        if (quantity > 0) stock.Add((v.Sku, quantity));
                    }
                    foreach (var r in p.PriceRanges) await ranges.InsertAsync(ct, productId, r.Currency, r.MinAmount, r.MaxAmount);
                }
        }
        await StockAdjustments.AdjustManyAsync(db, stock, "seed", "demo catalog", now, ct);
        await tx.CommitAsync(ct);
        return (total, stock.Count);
    }

    private static async Task<List<(Leaf Leaf, long CategoryId)>> SeedCategoriesAsync(EngineRoomDb db, CancellationToken ct)
    {
        var roots = Tree.Select((r, i) => Category.Create(r.Slug, r.Name, null, i)).ToList();
        var leaves = Tree.SelectMany((r, i) => r.Leaves.Select((l, j) => (Root: i, Leaf: l, Category: Category.Create(l.Slug, l.Name, null, j)))).ToList();
        db.Categories.AddRange(roots);
        db.Categories.AddRange(leaves.Select(l => l.Category));
        await db.SaveChangesAsync(ct); // paths hold ids, so they are set once the ids exist
        foreach (var root in roots) root.PlaceUnder(null);
        foreach (var leaf in leaves) leaf.Category.PlaceUnder(roots[leaf.Root]);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return leaves.Select(l => (l.Leaf, l.Category.Id)).ToList();
    }

    private static Product MakeProduct(Random random, Leaf leaf, long categoryId, int n, DateTimeOffset createdAt)
    {
        var name = $"{Adjectives[random.Next(Adjectives.Length)]} {Materials[random.Next(Materials.Length)]} {leaf.Nouns[random.Next(leaf.Nouns.Length)]}";
        var slug = $"{Slugify(name)}-{n}";
        var description = $"{name} from our {leaf.Name.ToLowerInvariant()} range. {Phrases[random.Next(Phrases.Length)]} {Phrases[random.Next(Phrases.Length)]}"
            + (random.Next(50) == 0 ? $" Part of the {Collections[random.Next(Collections.Length)]} collection." : "");
        var product = Product.Create(slug, name, $"{leaf.Name}: {Phrases[random.Next(Phrases.Length)].ToLowerInvariant()}", description, categoryId,
            published: random.Next(12) != 0, [$"/images/{slug}.jpg", $"/images/{slug}-2.jpg"], createdAt);

        var basePrice = leaf.BasePrice + random.Next(-4, 12) * 100;
        var values = leaf.OptionValues.Take(random.Next(1, Math.Min(6, leaf.OptionValues.Length) + 1)).ToList();
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            var usd = basePrice + i * 200 - 1; // x.99 prices
            var eur = (long)Math.Round(usd * 0.93 / 10.0) * 10 - 1;
            product.AddVariant($"DEMO-{n:D4}-{i + 1}", $"{name} / {value}", [new VariantOption(leaf.OptionName, value)],
                [new Money(usd, "USD"), new Money(eur, "EUR")], createdAt);
        }
        return product;
    }

    private static string Slugify(string text) =>
        string.Join('-', text.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));
}
