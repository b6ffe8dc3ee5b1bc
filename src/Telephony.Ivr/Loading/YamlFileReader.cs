using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Ivr;

/// <summary>Reads the single YAML mapping a file of the script set holds (a script or the queues file), reporting why it cannot.</summary>
internal static partial class YamlFileReader
{
    private const int MaxFileBytes = 1024 * 1024;

    /// <param name="shape">What the root must be, in words, for the error when it is not a mapping.</param>
    /// <returns>The root mapping, or null after reporting the problem.</returns>
    public static YamlMappingNode? ReadRoot(string filePath, ErrorSink errors, string shape)
    {
        try
        {
            if (new FileInfo(filePath).Length > MaxFileBytes)
            {
                errors.AtFile($"the file is larger than {MaxFileBytes / 1024} KiB; an IVR file should be much smaller");
                return null;
            }

            using var reader = new StreamReader(filePath);
            var stream = new YamlStream();
            stream.Load(reader);
            if (stream.Documents.Count == 0)
            {
                errors.AtFile("the file is empty");
                return null;
            }

            if (stream.Documents.Count > 1)
            {
                errors.At(stream.Documents[1].RootNode.Start, "one document per file: a second YAML document starts here");
                return null;
            }

            var root = stream.Documents[0].RootNode;
            if (root is YamlMappingNode mapping)
            {
                return mapping;
            }

            errors.At(root.Start, shape);
            return null;
        }
        catch (YamlException e)
        {
            errors.At(e.Start, "YAML syntax error: " + BareMessage(e));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, without a position, on some broken files: InvalidOperationException when the
            // file ends inside a flow collection (`numbers: ["` as the last line), ArgumentException on an event it
            // cannot make a node of (control characters inside a mapping). Found by fuzzing the loader: an operator's
            // typo must be a listed error, never an exception that stops the server or the validator.
            errors.AtFile("YAML syntax error: the YAML reader gave up on this file (" + e.Message
                + "); look for an unclosed bracket, brace or quote, or a stray control character");
            return null;
        }
        catch (IOException e)
        {
            errors.AtFile("cannot read the file: " + e.Message);
            return null;
        }
    }

    /// <summary>First 16 hex digits of the SHA-256 of the file: same bytes, same version, whatever the load.</summary>
    public static string VersionOf(string filePath)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(filePath));
        return Convert.ToHexStringLower(hash)[..16];
    }

    /// <summary>YamlDotNet prefixes its messages with the positions; they are reported separately here.</summary>
    private static string BareMessage(YamlException e) => PositionPrefix().Replace(e.Message, string.Empty);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
