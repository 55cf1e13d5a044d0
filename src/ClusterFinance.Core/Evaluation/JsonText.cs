using System.Buffers.Text;
using System.Text;

namespace ClusterFinance.Core.Evaluation;

/// <summary>
/// JSON text built as bytes, for the parts of a verdict document written in one piece: a message, or a whole criterion
/// that holds a profile's values. Its buffer is the thread's own, kept between uses; one piece is built at a time.
/// </summary>
internal ref struct JsonText
{
    [ThreadStatic] private static byte[]? kept;

    private byte[] buffer;
    private int length;

    private JsonText(byte[] buffer) => this.buffer = buffer;

    /// <summary>Starts a piece in the thread's buffer; <see cref="Written"/> holds it until the next piece starts.</summary>
    public static JsonText Start() => new(kept ??= new byte[4096]);

    public readonly ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

    public void Append(byte b) => Room(1)[0] = b;

    public void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Room(bytes.Length));

    /// <summary>Text as the inside of a JSON string: UTF-8, escaped only where JSON needs it (rarely: values are short).</summary>
    public void AppendEscaped(ReadOnlySpan<char> text)
    {
        // Surrogates are left to the encoder, which refuses half a character as writing a string would.
        if (!text.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            var room = Room(Encoding.UTF8.GetMaxByteCount(text.Length));
            var utf8 = Encoding.UTF8.GetBytes(text, room);
            if (VerdictWriting.Escaping.FindFirstCharacterToEncodeUtf8(room[..utf8]) < 0)
            {
                length -= room.Length - utf8;
                return;
            }
            length -= room.Length;
        }
        Append(VerdictWriting.Encode(text).EncodedUtf8Bytes);
    }

    /// <summary>The text a builder holds, escaped as <see cref="AppendEscaped(ReadOnlySpan{char})"/> does.</summary>
    public void AppendEscaped(StringBuilder value)
    {
        var chunks = value.GetChunks();
        AppendEscaped(chunks.MoveNext() && chunks.Current.Length == value.Length ? chunks.Current.Span : value.ToString());
    }

    /// <summary>A number as the document's writer writes it (the shortest exact form).</summary>
    public void AppendNumber(decimal value) => Advance(Utf8Formatter.TryFormat(value, Room(64, advance: false), out var written) ? written : throw new FormatException());

    public void AppendNumber(long value) => Advance(Utf8Formatter.TryFormat(value, Room(24, advance: false), out var written) ? written : throw new FormatException());

    /// <summary>A date as a JSON string, as the document writes dates.</summary>
    public void AppendDate(DateOnly date)
    {
        Append((byte)'"');
        Advance(date.TryFormat(Room(10, advance: false), out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ? written : throw new FormatException());
        Append((byte)'"');
    }

    private void Advance(int count) => length += count;

    /// <summary>The next <paramref name="count"/> bytes; counted as written unless the caller advances itself.</summary>
    private Span<byte> Room(int count, bool advance = true)
    {
        if (length + count > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + count));
            kept = buffer;
        }
        var room = buffer.AsSpan(length, count);
        if (advance) length += count;
        return room;
    }
}
