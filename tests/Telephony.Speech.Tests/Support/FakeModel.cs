using System.Buffers.Binary;
using System.Text;

namespace Telephony.Speech.Tests.Support;

/// <summary>
/// A temporary folder laid out like vosk-model-small-fr-0.22 (am/, conf/, graph/ with HCLr.fst and Gr.fst, ivector/),
/// every file starting the way its format should but holding no real model. Tests break one file at a time.
/// </summary>
internal sealed class FakeModel : IDisposable
{
    private FakeModel(string path) => Path = path;

    public string Path { get; }

    public static FakeModel Empty() => new(Directory.CreateTempSubdirectory("speech-model-").FullName);

    /// <summary>A folder that passes the validator (openings right) but that Kaldi cannot read (contents are junk).</summary>
    public static FakeModel WellFormed(int sampleRate = 16000)
    {
        var model = Empty();
        model.Write("am/final.mdl", Kaldi("<TransitionModel> "));
        model.Write("conf/mfcc.conf", $"--use-energy=false\n--sample-frequency={sampleRate}\n--num-mel-bins=40\n");
        model.Write("conf/model.conf", "--min-active=200\n--max-active=3000\n--beam=10.0\n--lattice-beam=2.0\n");
        model.Write("graph/HCLr.fst", Fst("olabel_lookahead"));
        model.Write("graph/Gr.fst", Fst("const"));
        model.Write("graph/disambig_tid.int", "5001\n5002\n");
        model.Write("graph/words.txt", "<eps> 0\nretraite 1\npaiement 2\n");
        model.Write("graph/phones/word_boundary.int", "1 nonword\n2 begin\n3 end\n");
        model.Write("ivector/final.ie", Kaldi("<IvectorExtractor> "));
        model.Write("ivector/final.dubm", Kaldi("<DiagGMM> "));
        model.Write("ivector/final.mat", Kaldi("FM "));
        model.Write("ivector/global_cmvn.stats", Kaldi("DM "));
        model.Write("ivector/online_cmvn.conf", "# nothing\n");
        model.Write("ivector/splice.conf", "--left-context=3\n--right-context=3\n");
        return model;
    }

    public void Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    public void Write(string relative, byte[] bytes)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
    }

    public void Delete(string relative) => File.Delete(System.IO.Path.Combine(Path, relative));

    public void Dispose() => Directory.Delete(Path, recursive: true);

    /// <summary>A Kaldi binary object: "\0B", the token, then bytes that are no valid content.</summary>
    public static byte[] Kaldi(string token) => [0, (byte)'B', .. Encoding.ASCII.GetBytes(token), .. Junk(64)];

    /// <summary>An OpenFst header (magic, FST type, arc type "standard") followed by junk.</summary>
    public static byte[] Fst(string fstType, string arcType = "standard")
    {
        var bytes = new List<byte>();
        var magic = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(magic, 2125659606);
        bytes.AddRange(magic);
        foreach (var text in new[] { fstType, arcType })
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, text.Length);
            bytes.AddRange(length);
            bytes.AddRange(Encoding.ASCII.GetBytes(text));
        }

        bytes.AddRange(Junk(64));
        return [.. bytes];
    }

    public static byte[] Junk(int length)
    {
        var random = new Random(42);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
