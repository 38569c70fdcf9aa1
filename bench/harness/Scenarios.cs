using System.Diagnostics;

/// <summary>What the scenarios draw from: SKUs with ample stock, the flash-sale SKU, product slugs, categories, a code.</summary>
sealed record BenchData(string[] Skus, string FlashSku, int FlashStock, string[] Slugs, string[] Categories, string DiscountCode);

/// <summary>One virtual customer's state between steps.</summary>
sealed class Customer(int number)
{
    public readonly Random Random = new(number * 7919 + 17);
    public readonly int Number = number;
    public string? CartId;
    public int CartLines;
}

/// <summary>The load: each scenario is a step a virtual customer repeats, or (flash sale) one burst of buyers.</summary>
static class Scenarios
{
    public static readonly string[] All = ["browse", "checkout", "buy-now", "flash-sale", "mixed"];
    /// <summary>Run only when named.</summary>
    public static readonly string[] Extra = ["lists", "graphql"];
    private static readonly string[] PriceFacets = ["maxPrice=2500", "minPrice=2500&maxPrice=5000", "minPrice=5000&maxPrice=10000",
        "minPrice=10000", "maxPrice=2500&sort=price", "minPrice=2500&maxPrice=5000&sort=price"];
    private static readonly string[] Words = ["cotton", "walnut", "linen", "mug", "hoodie", "lamp", "organic", "tent", "wool", "socks", "merino", "ceramic"];

    public static Func<Client, Customer, BenchData, Task> Step(string scenario) => scenario switch
    {
        "browse" => BrowseAsync,
        "lists" => ListAsync,
        "graphql" => GraphQLListAsync,
        "checkout" => CheckoutAsync,
        "buy-now" => BuyNowAsync,
        "mixed" => MixedAsync,
        _ => throw new ArgumentException($"Unknown scenario {scenario}."),
    };

    /// <summary>
    /// 70% product lists (newest, category, category + price sort, search, a price facet, in stock), 30% product pages.
    /// Shaped like storefront traffic: the price facets are the storefront's fixed buckets, and product pages follow a
    /// Zipf law over 2,000 products (the first hundred get about 60% of views), not a uniform draw.
    /// </summary>
    public static async Task BrowseAsync(Client client, Customer c, BenchData data)
    {
        var r = c.Random;
        if (r.Next(10) < 3)
        {
            await client.GetAsync("product", $"/store/products/{data.Slugs[Zipf(r, data.Slugs.Length)]}");
            return;
        }
        await ListAsync(client, c, data);
    }

    /// <summary>Product lists only, the same six shapes as in browse (not in the default run: <c>--scenarios lists</c>).</summary>
    public static async Task ListAsync(Client client, Customer c, BenchData data)
    {
        var r = c.Random;
        var category = data.Categories[r.Next(data.Categories.Length)];
        var query = r.Next(6) switch
        {
            0 => "",
            1 => $"category={category}",
            2 => $"category={category}&sort=price",
            3 => $"q={Words[r.Next(Words.Length)]}",
            4 => PriceFacets[r.Next(PriceFacets.Length)],
            _ => $"inStock=true&category={category}",
        };
        await client.GetAsync("list", $"/store/products?{query}");
    }

    /// <summary>The six list shapes of <c>lists</c> as one GraphQL document each: the list page's fields, POST /graphql.</summary>
    public static async Task GraphQLListAsync(Client client, Customer c, BenchData data)
    {
        const string query = """
            query List($query: String, $category: String, $minPrice: Long, $maxPrice: Long, $inStock: Boolean, $sort: ProductSort) {
              products(query: $query, category: $category, minPrice: $minPrice, maxPrice: $maxPrice, inStock: $inStock, sort: $sort, first: 24) {
                nodes { id slug name shortDescription images priceRange { min { amount currency } max { amount currency } } inStock }
                pageInfo { hasNextPage endCursor }
              }
            }
            """;
        var r = c.Random;
        var category = data.Categories[r.Next(data.Categories.Length)];
        (long? Min, long? Max, string? Sort) facet = r.Next(6) switch
        {
            0 => (null, 2500, null), 1 => (2500, 5000, null), 2 => (5000, 10000, null), 3 => (10000, null, null), 4 => (null, 2500, "PRICE"), _ => (2500, 5000, "PRICE"),
        };
        object variables = r.Next(6) switch
        {
            0 => new { },
            1 => new { category },
            2 => new { category, sort = "PRICE" },
            3 => new { query = Words[r.Next(Words.Length)] },
            4 => new { minPrice = facet.Min, maxPrice = facet.Max, sort = facet.Sort },
            _ => new { inStock = true, category },
        };
        await client.PostAsync("graphql-list", "/graphql", new { query, variables });
    }

    /// <summary>A guest cart: create it, add 1 to 3 lines, apply the code, check out with tok_visa.</summary>
    public static async Task CheckoutAsync(Client client, Customer c, BenchData data)
    {
        var cart = await client.PostAsync("cart", "/store/carts", new { currency = "USD" });
        if (cart is not { Ok: true } created) return;
        var id = created.Str("id");
        var lines = c.Random.Next(1, 4);
        foreach (var sku in PickSkus(c.Random, data, lines))
            if (await client.PostAsync("add-item", $"/store/carts/{id}/items", new { sku, quantity = 1 }) is not { Ok: true }) return;
        if (await client.PostAsync("apply-code", $"/store/carts/{id}/discount-codes", new { code = data.DiscountCode }) is not { Ok: true }) return;
        await CheckOutCartAsync(client, c, id);
    }

    /// <summary>The one-shot Buy Now with 1 to 3 lines and the code.</summary>
    public static async Task BuyNowAsync(Client client, Customer c, BenchData data)
    {
        var lines = PickSkus(c.Random, data, c.Random.Next(1, 4)).Select(sku => new { sku, quantity = 1 }).ToArray();
        var key = Guid.NewGuid().ToString("N");
        var answer = await WithRetriesAsync(client, () => client.PostAsync("buy-now", "/store/orders",
            new { lines, email = $"buyer{c.Number}@bench.example", paymentToken = "tok_visa", discountCodes = new[] { data.DiscountCode } }, key));
        if (answer is { Ok: true } order) client.Recorder.Order(order.Str("id"));
    }

    /// <summary>80% a browse request, 15% a cart request (create, add a line, or read it), 5% a checkout of the cart.</summary>
    public static async Task MixedAsync(Client client, Customer c, BenchData data)
    {
        var roll = c.Random.Next(100);
        if (roll < 80) { await BrowseAsync(client, c, data); return; }
        if (roll < 95 || c.CartLines == 0)
        {
            if (c.CartId is null)
            {
                if (await client.PostAsync("cart", "/store/carts", new { currency = "USD" }) is { Ok: true } created) c.CartId = created.Str("id");
            }
            else if (c.CartLines < 3 && c.Random.Next(3) > 0)
            {
                if (await client.PostAsync("add-item", $"/store/carts/{c.CartId}/items", new { sku = PickSkus(c.Random, data, 1)[0], quantity = 1 }) is { Ok: true })
                    c.CartLines++;
            }
            else await client.GetAsync("get-cart", $"/store/carts/{c.CartId}");
            return;
        }
        await CheckOutCartAsync(client, c, c.CartId!);
        c.CartId = null;
        c.CartLines = 0;
    }

    /// <summary>1,000 buyers at once on one SKU: answers by status, and how long the whole burst took.</summary>
    public static async Task<TimeSpan> FlashSaleAsync(Client client, BenchData data, int buyers)
    {
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, buyers).Select(async i =>
        {
            var answer = await client.PostAsync("buy-now", "/store/orders", new
            {
                lines = new[] { new { sku = data.FlashSku, quantity = 1 } }, email = $"flash{i}@bench.example", paymentToken = "tok_visa",
            }, Guid.NewGuid().ToString("N"));
            if (answer is { Ok: true } order) client.Recorder.Order(order.Str("id"));
        }));
        return started.Elapsed;
    }

    private static async Task CheckOutCartAsync(Client client, Customer c, string cartId)
    {
        var key = Guid.NewGuid().ToString("N");
        var answer = await WithRetriesAsync(client, () => client.PostAsync("checkout", $"/store/carts/{cartId}/checkout",
            new { paymentToken = "tok_visa", email = $"buyer{c.Number}@bench.example" }, key));
        if (answer is { Ok: true } order) client.Recorder.Order(order.Str("id"));
    }

    /// <summary>
    /// What a careful client does when the answer is lost (a killed instance: transport error, 502/503/504) or the key is
    /// still in progress (409 idempotency_in_progress, the first try died mid-flight): sends the same request again with
    /// the same Idempotency-Key, for up to about 20 seconds, so it is never charged twice and learns how it ended.
    /// </summary>
    private static async Task<Answer?> WithRetriesAsync(Client client, Func<Task<Answer?>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await send();
            var retry = answer is null || (int)answer.Value.Status is 502 or 503 or 504
                || ((int)answer.Value.Status == 409 && answer.Value.Body.ValueKind == System.Text.Json.JsonValueKind.Object
                    && answer.Value.Body.TryGetProperty("code", out var code) && code.GetString() == "idempotency_in_progress");
            if (!retry || attempt == 25) return answer;
            client.Recorder.Retry();
            await Task.Delay(Math.Min(1000, 200 * attempt));
        }
    }

    /// <summary>A rank in [0, n) drawn with probability proportional to 1 / (rank + 1).</summary>
    private static int Zipf(Random random, int n)
    {
        var cdf = _zipf is { } built && built.Length == n ? built : _zipf = ZipfCdf(n); // same values if two threads build it
        var i = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(n - 1, i >= 0 ? i : ~i);
    }

    private static double[]? _zipf;

    private static double[] ZipfCdf(int n)
    {
        var total = Enumerable.Range(1, n).Sum(k => 1.0 / k);
        var cdf = new double[n];
        var sum = 0.0;
        for (var k = 1; k <= n; k++) cdf[k - 1] = sum += 1.0 / k / total;
        return cdf;
    }

    private static string[] PickSkus(Random random, BenchData data, int count)
    {
        var picked = new HashSet<string>();
        while (picked.Count < count) picked.Add(data.Skus[random.Next(data.Skus.Length)]);
        return [.. picked];
    }
}
