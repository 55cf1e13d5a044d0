using System.Buffers.Binary;
using System.IO.Compression;

namespace ClusterFinance.Core.Tests.Roadmaps;

/// <summary>Just enough of PNG to read a browser's screenshot: 8-bit RGB or RGBA, not interlaced.</summary>
internal sealed class Png
{
    public required int Width { get; init; }
    public required int Height { get; init; }
    /// <summary>Each pixel as 0xRRGGBB.</summary>
    public required int[] Pixels { get; init; }

    public static Png Decode(byte[] bytes)
    {
        if (!bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 })) throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, channels = 0;
        using var data = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var chunk = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(chunk);
                height = BinaryPrimitives.ReadInt32BigEndian(chunk[4..]);
                if (chunk[8] != 8 || chunk[12] != 0) throw new InvalidDataException("only 8-bit, non-interlaced PNGs");
                channels = chunk[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {chunk[9]} not read") };
            }
            else if (type == "IDAT") data.Write(chunk);
            at += 12 + length;
        }

        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var raw = inflated.ToArray();
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var pixels = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, current, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }
            for (var x = 0; x < width; x++)
                pixels[y * width + x] = current[x * channels] << 16 | current[x * channels + 1] << 8 | current[x * channels + 2];
            (previous, current) = (current, previous);
        }
        return new Png { Width = width, Height = height, Pixels = pixels };
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
