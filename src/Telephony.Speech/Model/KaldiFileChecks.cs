using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Telephony.Speech.Model;

/// <summary>
/// Cheap checks of the file formats a Vosk model is made of, run before the model reaches Kaldi. Kaldi reports most
/// malformed input as an exception that Vosk turns into a null model, but some paths end in an assertion (abort) or a
/// null FST used later, which would take the whole telephony process down: a file that does not even start like the
/// format Kaldi expects is refused here. Each method returns null when the file looks right, else what is wrong.
/// </summary>
internal static class KaldiFileChecks
{
    /// <summary>OpenFst's binary header magic number (int32, little-endian), first in every .fst file.</summary>
    private const int FstMagic = 2125659606;

    private const int MaxFstTypeLength = 64;

    /// <summary>
    /// A Kaldi object file: binary ("\0B" then the token, e.g. &lt;TransitionModel&gt;) or text (the token first).
    /// <paramref name="tokens"/> lists the openings accepted (a matrix may be "FM", "DM", "CM" in binary, "[" in text).
    /// </summary>
    public static string? KaldiObject(string path, params string[] tokens)
    {
        var head = ReadHead(path, 64);
        if (head.Length == 0)
        {
            return "is empty";
        }

        var binary = head.Length >= 2 && head[0] == 0 && head[1] == (byte)'B';
        var body = Encoding.ASCII.GetString(head, binary ? 2 : 0, head.Length - (binary ? 2 : 0));
        if (!binary)
        {
            body = body.TrimStart();
        }

        return tokens.Any(t => body.StartsWith(t, StringComparison.Ordinal))
            ? null
            : $"does not start with {string.Join(" or ", tokens)} (not a Kaldi {(binary ? "binary" : "text")} file of that kind)";
    }

    /// <summary>An OpenFst file: the magic number, then the FST type and the arc type ("standard": Kaldi's only one).</summary>
    public static string? Fst(string path)
    {
        var head = ReadHead(path, 4 + 4 + MaxFstTypeLength + 4 + MaxFstTypeLength);
        if (head.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(head) != FstMagic)
        {
            return "is not an OpenFst file (bad magic number)";
        }

        var offset = 4;
        if (ReadFstString(head, ref offset) is not { Length: > 0 } fstType)
        {
            return "has a malformed OpenFst header (FST type)";
        }

        if (ReadFstString(head, ref offset) is not { } arcType)
        {
            return "has a malformed OpenFst header (arc type)";
        }

        return arcType == "standard" ? null : $"has arc type '{arcType}', not 'standard' (FST type {fstType})";
    }

    /// <summary>A Kaldi config file: every line blank, a # comment, or an option "--name=value" (or "--name").</summary>
    public static string? ConfigFile(string path, out IReadOnlyDictionary<string, string> options)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        options = parsed;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith("--", StringComparison.Ordinal) || line.Length == 2 || char.IsWhiteSpace(line[2]))
            {
                return $"line {lineNumber} is not a Kaldi option (--name=value)";
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? line[2..] : line[2..equals];
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return $"line {lineNumber} has a malformed option name '{name}'";
            }

            parsed[name.Replace('_', '-')] = equals < 0 ? "true" : line[(equals + 1)..].Trim();
        }

        return null;
    }

    /// <summary>Kaldi's integer list (disambig_tid.int): at least one line, each one integer.</summary>
    public static string? IntegerList(string path)
    {
        var count = 0;
        foreach (var line in NonBlankLines(path))
        {
            count++;
            if (!int.TryParse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                return $"line {count} is not an integer";
            }
        }

        return count == 0 ? "is empty" : null;
    }

    /// <summary>An OpenFst text symbol table (words.txt): "symbol id" lines, ids as integers.</summary>
    public static string? SymbolTable(string path)
    {
        var count = 0;
        foreach (var line in NonBlankLines(path))
        {
            count++;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return $"line {count} is not 'word id'";
            }
        }

        return count == 0 ? "is empty" : null;
    }

    /// <summary>Kaldi's word_boundary.int: "phone-id kind" lines, kind one of nonword, begin, end, internal, singleton.</summary>
    public static string? WordBoundary(string path)
    {
        string[] kinds = ["nonword", "begin", "end", "internal", "singleton"];
        var count = 0;
        foreach (var line in NonBlankLines(path))
        {
            count++;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || !kinds.Contains(parts[1]))
            {
                return $"line {count} is not 'phone-id kind'";
            }
        }

        return count == 0 ? "is empty" : null;
    }

    private static string? ReadFstString(byte[] head, ref int offset)
    {
        if (offset + 4 > head.Length)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(offset));
        offset += 4;
        if (length < 0 || length > MaxFstTypeLength || offset + length > head.Length)
        {
            return null;
        }

        var value = Encoding.ASCII.GetString(head, offset, length);
        offset += length;
        return value.All(c => c is > ' ' and < (char)127) ? value : null;
    }

    private static IEnumerable<string> NonBlankLines(string path) =>
        File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0);

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    private static byte[] ReadHead(string path, int count)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return read == count ? buffer : buffer[..read];
    }
}
