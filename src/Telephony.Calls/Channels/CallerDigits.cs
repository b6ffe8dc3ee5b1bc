using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Telephony.Calls.Channels;

/// <summary>
/// The keys a caller pressed, in arrival order, from whatever source (RFC 4733, SIP INFO, in-band tones), for one
/// reader: the call's flow. What every <see cref="ICallChannel"/> needs for its digit members.
/// </summary>
public sealed class CallerDigits
{
    private readonly Channel<char> _digits = Channel.CreateUnbounded<char>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(char digit) => _digits.Writer.TryWrite(digit);

    /// <summary>No more digits: the call is over.</summary>
    public void Complete() => _digits.Writer.TryComplete();

    public async IAsyncEnumerable<char> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _digits.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_digits.Reader.TryRead(out var digit))
            {
                yield return digit;
            }
        }
    }

    public bool TryTake(out char digit) => _digits.Reader.TryRead(out digit);

    public void DiscardPending()
    {
        while (_digits.Reader.TryRead(out _))
        {
        }
    }
}
