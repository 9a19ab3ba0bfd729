namespace MiniKube.ApiServer.Registry.Resources;

/// <summary>The default rules, plus "PUT of an absent object creates it", as upstream allows for Endpoints.</summary>
internal sealed class CreateOnUpdateStrategy : ResourceStrategy
{
    public override bool AllowCreateOnUpdate => true;
}
