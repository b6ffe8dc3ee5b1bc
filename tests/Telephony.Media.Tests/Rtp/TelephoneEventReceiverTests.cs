using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.Rtp;

public class TelephoneEventReceiverTests
{
    private static byte[] Payload(char digit, bool end, ushort duration)
    {
        var payload = new byte[4];
        new TelephoneEvent(TelephoneEvent.FromDigit(digit), end, 10, duration).Write(payload);
        return payload;
    }

    [Fact]
    public void Key_press_with_the_end_packet_sent_three_times_gives_one_digit()
    {
        var receiver = new TelephoneEventReceiver();
        var digits = new List<char>();
        void Feed(uint ts, byte[] payload)
        {
            if (receiver.Accept(ts, payload) is { } d)
            {
                digits.Add(d);
            }
        }

        Feed(1000, Payload('5', false, 160));
        Feed(1000, Payload('5', false, 320));
        Feed(1000, Payload('5', true, 480));
        Feed(1000, Payload('5', true, 480));
        Feed(1000, Payload('5', true, 480));

        Assert.Equal(['5'], digits);
    }

    [Fact]
    public void Two_events_give_two_digits_even_when_the_same_key_is_pressed_twice()
    {
        var receiver = new TelephoneEventReceiver();
        var digits = new List<char?>
        {
            receiver.Accept(1000, Payload('7', true, 800)),
            receiver.Accept(1000, Payload('7', true, 800)),
            receiver.Accept(3000, Payload('7', true, 800)),
            receiver.Accept(5000, Payload('#', false, 160)),
            receiver.Accept(5000, Payload('#', true, 800)),
        };

        Assert.Equal(['7', '7', '#'], digits.OfType<char>());
    }

    [Theory]
    [InlineData(0, '0')]
    [InlineData(9, '9')]
    [InlineData(10, '*')]
    [InlineData(11, '#')]
    [InlineData(12, 'A')]
    [InlineData(15, 'D')]
    public void Event_codes_map_to_DTMF_characters_and_back(int code, char digit)
    {
        Assert.Equal(digit, TelephoneEvent.ToDigit((byte)code));
        Assert.Equal(code, TelephoneEvent.FromDigit(digit));
    }

    [Fact]
    public void Flash_short_payloads_and_non_digits_produce_nothing()
    {
        var receiver = new TelephoneEventReceiver();

        Assert.Null(receiver.Accept(1, [16, 0x80, 0, 160]));
        Assert.Null(receiver.Accept(2, [1, 0x80]));
        Assert.Null(receiver.Accept(3, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => TelephoneEvent.FromDigit('x'));
    }
}
