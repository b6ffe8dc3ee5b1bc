namespace Telephony.Storage.Orleans;

/// <summary>Names of the grain storages <see cref="TelephonyStorageSiloBuilderExtensions.UseTelephonyStorage"/> registers.</summary>
public static class TelephonyGrainStorage
{
    /// <summary>
    /// The only one: Orleans' own default name, so <c>[PersistentState("state")]</c> without a storage name uses it.
    /// </summary>
    public const string Default = "Default";
}
