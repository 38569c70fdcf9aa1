using GraphQL.Types;

namespace EngineRoom.GraphQL;

/// <summary>Relay's Node: anything fetched again by its global id through <c>node(id:)</c>.</summary>
internal sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}
