using EngineRoom.Catalog;
using EngineRoom.Common;
using GraphQL;
using GraphQL.Types;

namespace EngineRoom.GraphQL;

/// <summary>A store product: from a list row (nested fields batched) or from the product page handler (already complete).</summary>
internal sealed record ProductNode(ListedProduct Listed, string Currency, GetProduct.Response? Page = null)
{
    public static ProductNode From(GetProduct.Response p) => new(new ListedProduct(p.Id, p.Slug, p.Name, p.ShortDescription, p.CategoryId, true,
        p.Images, p.Price?.Min.Amount, p.Price?.Max.Amount, p.InStock), p.Currency, p);
}

internal sealed record VariantNode(long Id, string Sku, string? Name, IReadOnlyList<OptionDto> Options, IReadOnlyList<Money> Prices, string Currency, long? Available);

internal sealed class ProductType : ObjectGraphType<ProductNode>
{
    public ProductType()
    {
        Name = "Product";
        Interface<NodeInterface>();
        IsTypeOf = o => o is ProductNode;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Of("Product", c.Source.Listed.Id));
        Field<NonNullGraphType<LongGraphType>>("restId").Description("The id the REST API uses.").Resolve(c => c.Source.Listed.Id);
        Field<NonNullGraphType<StringGraphType>>("slug").Resolve(c => c.Source.Listed.Slug);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Listed.Name);
        Field<StringGraphType>("shortDescription").Resolve(c => c.Source.Listed.ShortDescription);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Page is { } page
            ? page.Description : (object)c.Service<Loaders>().Descriptions.Load(c.Source.Listed.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("images").Resolve(c => c.Source.Listed.Images);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<PriceRangeType>("priceRange").Resolve(c => c.Source.Listed is { MinPrice: { } min, MaxPrice: { } max }
            ? new PriceRange(new(min, c.Source.Currency), new(max, c.Source.Currency)) : null);
        Field<NonNullGraphType<BooleanGraphType>>("inStock").Resolve(c => c.Source.Listed.InStock);
        Field<CategoryType>("category").Resolve(c => c.Source.Listed.CategoryId is { } id ? c.Service<Loaders>().Categories.Load(id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VariantType>>>>("variants").Cost(list: 10).Resolve(c =>
        {
            var currency = c.Source.Currency;
            if (c.Source.Page is { } page) // the product page handler read prices and stock already
                return (object)page.Variants.Select(v => new VariantNode(v.Id, v.Sku, v.Name, v.Options, v.Prices, currency, v.Available)).ToList();
            return c.Service<Loaders>().Variants.Load(c.Source.Listed.Id).Then(variants => (variants ?? []).Select(v =>
                new VariantNode(v.Id, v.Sku, v.Name, OptionDto.From(v.Options),
                    v.Prices.OrderBy(p => p.Currency, StringComparer.Ordinal).Select(p => new Money(p.Amount, p.Currency)).ToList(), currency, null)).ToList());
        });
    }
}

internal sealed class VariantType : ObjectGraphType<VariantNode>
{
    public VariantType()
    {
        Name = "Variant";
        Field<NonNullGraphType<LongGraphType>>("restId").Resolve(c => c.Source.Id);
        Field(v => v.Sku);
        Field(v => v.Name, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OptionType>>>>("options").Resolve(c => c.Source.Options);
        Field<MoneyType>("price").Description("The price in the list's (or product's) currency; null when it has none.")
            .Resolve(c => c.Source.Prices.Where(p => p.Currency == c.Source.Currency).Select(p => (Money?)p).FirstOrDefault());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MoneyType>>>>("prices").Resolve(c => c.Source.Prices);
        Field<NonNullGraphType<LongGraphType>>("available").Description("Units that can be sold now.")
            .Resolve(c => c.Source.Available is { } known ? known : (object)c.Service<Loaders>().Available.Load(c.Source.Sku));
    }
}

internal sealed class OptionType : ObjectGraphType<OptionDto>
{
    public OptionType()
    {
        Name = "VariantOption";
        Field(o => o.Name);
        Field(o => o.Value);
    }
}

internal sealed record CategoryNode(long Id, string Slug, string Name, long? ParentId, string Path, int Position);

internal sealed class CategoryType : ObjectGraphType<CategoryNode>
{
    public CategoryType()
    {
        Name = "Category";
        Interface<NodeInterface>();
        IsTypeOf = o => o is CategoryNode;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Of("Category", c.Source.Id));
        Field<NonNullGraphType<LongGraphType>>("restId").Resolve(c => c.Source.Id);
        Field(x => x.Slug);
        Field(x => x.Name);
        Field(x => x.Path);
        Field(x => x.Position);
        Field<CategoryType>("parent").Resolve(c => c.Source.ParentId is { } id ? c.Service<Loaders>().Categories.Load(id) : null);
    }
}

internal sealed class ProductConnectionType() : ConnectionType<ProductType, ProductNode>("Product");

internal sealed class ProductSortType : EnumerationGraphType<ProductSort>
{
    public ProductSortType()
    {
        Name = "ProductSort";
        Description = "NEWEST (default without a search), PRICE, PRICE_DESCENDING, NAME, RELEVANCE (default with a search).";
    }
}
