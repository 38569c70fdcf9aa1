using EngineRoom.Catalog;
using EngineRoom.Common;
using GraphQL.Types;

namespace EngineRoom.GraphQL;

internal sealed class MoneyType : ObjectGraphType<Money>
{
    public MoneyType()
    {
        Name = "Money";
        Description = "An amount in minor units (cents) of an ISO 4217 currency.";
        Field(m => m.Amount);
        Field(m => m.Currency);
    }
}

internal sealed class PriceRangeType : ObjectGraphType<PriceRange>
{
    public PriceRangeType()
    {
        Name = "PriceRange";
        Field<NonNullGraphType<MoneyType>>("min").Resolve(c => c.Source.Min);
        Field<NonNullGraphType<MoneyType>>("max").Resolve(c => c.Source.Max);
    }
}

internal sealed class AddressType : ObjectGraphType<Address>
{
    public AddressType()
    {
        Name = "Address";
        AddFields(this);
    }

    /// <summary>The same fields in and out.</summary>
    public static void AddFields(ComplexGraphType<Address> type)
    {
        type.Field(a => a.Name);
        type.Field(a => a.Line1);
        type.Field(a => a.Line2, nullable: true);
        type.Field(a => a.City);
        type.Field(a => a.Region, nullable: true);
        type.Field(a => a.PostalCode);
        type.Field(a => a.Country);
        type.Field(a => a.Phone, nullable: true);
    }
}

internal sealed class AddressInputType : InputObjectGraphType<Address>
{
    public AddressInputType()
    {
        Name = "AddressInput";
        AddressType.AddFields(this);
    }
}

internal sealed class UserErrorType : ObjectGraphType<UserError>
{
    public UserErrorType()
    {
        Name = "UserError";
        Description = "A refusal of the mutation's input or a business rule (out of stock, declined, invalid code); code is the REST problem code in capitals.";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("field").Resolve(c => c.Source.Field);
        Field(e => e.Message);
        Field(e => e.Code);
    }
}

internal sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(p => p.HasNextPage);
        Field(p => p.HasPreviousPage);
        Field<StringGraphType>("startCursor").Description("Always null: a keyset list continues only from a page's end.").Resolve(_ => null);
        Field(p => p.EndCursor, nullable: true);
    }
}

/// <summary>Keyset pages: a list continues only from its end, so the cursor is the page's (pageInfo.endCursor).</summary>
internal sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? EndCursor);

internal sealed record Edge<T>(T Node, string? Cursor);

internal sealed record Slice<T>(IReadOnlyList<T> Nodes, PageInfo PageInfo)
{
    public static Slice<T> From<TIn>(Page<TIn> page, string? after, Func<TIn, T> map) =>
        new(page.Items.Select(map).ToList(), new PageInfo(page.NextCursor is not null, after is not null, page.NextCursor));

    /// <summary>The last edge carries the page's cursor; the others null (keyset paging continues from the end only).</summary>
    public IEnumerable<Edge<T>> Edges() => Nodes.Select((n, i) => new Edge<T>(n, i == Nodes.Count - 1 ? PageInfo.EndCursor : null));
}

/// <summary>A Relay-style connection: nodes (and edges with the node) and pageInfo.</summary>
internal abstract class ConnectionType<TNodeType, TNode> : ObjectGraphType<Slice<TNode>> where TNodeType : IGraphType
{
    protected ConnectionType(string node)
    {
        Name = node + "Connection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes").Resolve(c => c.Source.Nodes).Cost(list: 1);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType, TNode>>>>>("edges").Resolve(c => c.Source.Edges()).Cost(list: 1);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
    }
}

internal sealed class EdgeType<TNodeType, TNode> : ObjectGraphType<Edge<TNode>> where TNodeType : IGraphType
{
    public EdgeType()
    {
        Name = (typeof(TNodeType).Name.Replace("Type", "")) + "Edge";
        Field<NonNullGraphType<TNodeType>>("node").Resolve(c => c.Source.Node);
        Field<StringGraphType>("cursor").Resolve(c => c.Source.Cursor);
    }
}
