using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQLParser.AST;

namespace EngineRoom.GraphQL;

/// <summary>What a document would do, measured from its text and the schema before anything runs.</summary>
internal sealed record Analysis(OperationType Operation, int Depth, int Aliases, int Cost, bool Introspection, IReadOnlySet<string> RootFields);

/// <summary>
/// Shopify's cost model, computed before execution: a scalar or enum field costs 0, an object 1, a connection 2 plus
/// its page size (first, or the field's default) times what each node selects, a list of objects its declared size
/// times what each selects, and a mutation 10. Fragments are expanded where they are spread (a cycle stops the walk;
/// validation refuses it afterwards). Depth counts nested fields; aliases count every aliased field.
/// </summary>
internal static class QueryCost
{
    public const string PageKey = "cost.page", ListKey = "cost.list";
    private const int MutationCost = 10, MaxSteps = 50_000;

    /// <summary>Marks a connection (<paramref name="page"/>: its default page size) or a list of objects (<paramref name="list"/> items).</summary>
    public static FieldBuilder<TSource, TReturn> Cost<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int list = 0, int page = 0)
    {
        if (page > 0) field.FieldType.Metadata[PageKey] = page;
        if (list > 0) field.FieldType.Metadata[ListKey] = list;
        return field;
    }

    public static Analysis? Analyze(ISchema schema, GraphQLDocument document, string? operationName, Inputs variables)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.Find(o => o.Name?.StringValue == operationName);
        if (operation is null) return null;
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
        var walk = new Walk(schema, fragments, variables, operation.Operation == OperationType.Mutation);
        IComplexGraphType? root = operation.Operation switch
        {
            OperationType.Mutation => schema.Mutation,
            OperationType.Subscription => schema.Subscription,
            _ => schema.Query,
        };
        var cost = walk.Selection(operation.SelectionSet, root, 1, []);
        return new Analysis(operation.Operation, walk.Depth, walk.Aliases, walk.Steps > MaxSteps ? int.MaxValue : cost, walk.Introspection, walk.Roots);
    }

    private sealed class Walk(ISchema schema, Dictionary<string, GraphQLFragmentDefinition> fragments, Inputs variables, bool mutation)
    {
        public int Depth, Aliases, Steps;
        public bool Introspection;
        public readonly HashSet<string> Roots = [];

        public int Selection(GraphQLSelectionSet set, IComplexGraphType? parent, int depth, HashSet<string> path)
        {
            var total = 0L;
            foreach (var selection in set.Selections)
            {
                if (++Steps > MaxSteps) return int.MaxValue / 4;
                switch (selection)
                {
                    case GraphQLField field:
                        total += Field(field, parent, depth, path);
                        break;
                    case GraphQLInlineFragment inline:
                        total += Selection(inline.SelectionSet, TypeNamed(inline.TypeCondition?.Type.Name.StringValue) ?? parent, depth, path);
                        break;
                    case GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                                                          && !path.Contains(fragment.FragmentName.Name.StringValue):
                        total += Selection(fragment.SelectionSet, TypeNamed(fragment.TypeCondition.Type.Name.StringValue),
                            depth, [.. path, fragment.FragmentName.Name.StringValue]);
                        break;
                }
            }
            return (int)Math.Min(total, int.MaxValue / 4);
        }

        private long Field(GraphQLField field, IComplexGraphType? parent, int depth, HashSet<string> path)
        {
            var name = field.Name.StringValue;
            if (field.Alias is not null) Aliases++;
            if (depth == 1) Roots.Add(name);
            if (name is "__schema" or "__type") Introspection = true;
            if (name.StartsWith("__", StringComparison.Ordinal)) return 0;
            Depth = Math.Max(Depth, depth);
            if (field.SelectionSet is null) return 0;

            var definition = parent?.GetField(name);
            var children = Selection(field.SelectionSet, Unwrap(definition?.ResolvedType), depth + 1, path);
            var multiplier = 1;
            var own = mutation && depth == 1 ? MutationCost : 1;
            if (definition?.GetMetadata<int>(QueryCost.PageKey) is int pageSize and > 0)
            {
                multiplier = Math.Clamp(First(field) ?? pageSize, 1, 100);
                own = Math.Max(own, 2);
            }
            else if (definition?.GetMetadata<int>(QueryCost.ListKey) is int listSize and > 0) multiplier = listSize;
            return own + (long)multiplier * children;
        }

        private int? First(GraphQLField field)
        {
            var value = field.Arguments?.ValueFor("first");
            return value switch
            {
                GraphQLIntValue i when int.TryParse(i.Value.Span, out var n) => n,
                // Not a number ("many"): GraphQL's validation refuses it after this; counted at the default size until then.
                GraphQLVariable v when variables.TryGetValue(v.Name.StringValue, out var x) && x is IConvertible c
                                       && int.TryParse(c.ToString(System.Globalization.CultureInfo.InvariantCulture), out var n) => n,
                _ => null,
            };
        }

        private IComplexGraphType? TypeNamed(string? name) => name is null ? null : schema.AllTypes[name] as IComplexGraphType;

        private static IComplexGraphType? Unwrap(IGraphType? type) => type switch
        {
            NonNullGraphType n => Unwrap(n.ResolvedType),
            ListGraphType l => Unwrap(l.ResolvedType),
            _ => type as IComplexGraphType,
        };
    }
}
