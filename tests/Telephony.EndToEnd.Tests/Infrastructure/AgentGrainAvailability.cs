using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Whether the server's grains assembly implements IAgentGrain yet (the agent grain is written alongside this API):
/// read from the built Telephony.Grains.dll's metadata, without loading it.
/// </summary>
public static class AgentGrainAvailability
{
    private static readonly Lazy<string?> Reason = new(Find);

    /// <summary>Null when the agent grain is there; otherwise why the tests that need it are skipped.</summary>
    public static string? MissingReason => Reason.Value;

    private static string? Find()
    {
        var path = Path.Combine(Path.GetDirectoryName(RepositoryPaths.ServerAssembly)!, "Telephony.Grains.dll");
        if (!File.Exists(path))
        {
            return $"{path} is not built";
        }

        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if ((type.Attributes & System.Reflection.TypeAttributes.Abstract) != 0)
            {
                continue;
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                var implemented = metadata.GetInterfaceImplementation(implementation).Interface;
                if (implemented.Kind == HandleKind.TypeReference
                    && metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)implemented).Name) == "IAgentGrain")
                {
                    return null;
                }
            }
        }

        return "no grain implements IAgentGrain yet in Telephony.Grains (the agent grain is being written on its own branch)";
    }
}
