using Orleans.Configuration;
using Telephony.Calls.Configuration;
using Telephony.Calls.Recording;
using Telephony.Storage;

namespace Telephony.Server.Records;

/// <summary>Wiring of what makes call records survive a crash, an outage and time: node identity, writer, buffer, sweeps, retention, encryption.</summary>
public static class DurableRecordsRegistration
{
    /// <summary>Where a generated <c>Storage:EncryptionKey</c> is kept (readable by the service's user only).</summary>
    public const string GeneratedEncryptionKeyFile = "data/storage-encryption-key";

    /// <summary>Register after <c>UseOrleans</c> and before the service that opens SIP: started after the silo, stopped after the calls.</summary>
    /// <exception cref="StorageException">A Storage setting is out of range.</exception>
    /// <exception cref="InvalidOperationException">Node:Id is not a valid name.</exception>
    public static IServiceCollection AddDurableCallRecords(this IServiceCollection services, IConfiguration configuration, StorageOptions storage, int sipPort)
    {
        storage.ValidateDurability();
        var nodeId = (configuration.GetSection(NodeSettings.SectionName).Get<NodeSettings>() ?? new NodeSettings()).Resolve(sipPort);

        // The node's name in the membership table too, so that operators see which node a silo is.
        services.Configure<SiloOptions>(o => o.SiloName = nodeId);
        services.AddSingleton(sp => new NodeIdentity(nodeId, sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString()));
        services.AddSingleton(sp => new CallRecordBuffer(storage.BufferPath, storage.BufferMaxRecords, sp.GetRequiredService<ILogger<CallRecordBuffer>>()));
        services.AddSingleton(sp => new NodeAliveFile(storage.BufferPath, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton(sp => new CallRecordWriter(
            sp.GetRequiredService<ICallRecordRepository>(),
            sp.GetRequiredService<CallRecordBuffer>(),
            sp.GetRequiredService<StorageMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CallRecordWriter>>(),
            new CallRecordWriterOptions { OpenRecordTimeout = TimeSpan.FromMilliseconds(storage.OpenRecordTimeoutMs) }));
        services.AddSingleton(sp => new FieldCipher(GeneratedSecret.Load(
            storage.EncryptionKey, GeneratedEncryptionKeyFile, FieldCipher.MinimumSecretLength, "Storage:EncryptionKey", sp.GetRequiredService<ILogger<FieldCipher>>())));
        services.AddSingleton<RecordRetention>();

        services.AddHostedService<DurableRecordsService>();
        services.AddHostedService<LostCallSweeper>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
