using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace HarmonyGen.Middleware.Transform;

/// <summary>
/// A body held whole for a transform: bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>, grown by doubling,
/// returned when the request completes (<c>HttpResponse.RegisterForDispose</c>). Also the <see cref="IBufferWriter{T}"/>
/// a <see cref="System.Text.Json.Utf8JsonWriter"/> writes the transformed body into.
/// </summary>
internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private const int ReadSize = 16 * 1024;

    private byte[] _array;
    private int _count;

    public PooledBuffer(long expectedLength) =>
        _array = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expectedLength, 256, 1024 * 1024));

    public int Count => _count;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _count);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _count);

    public void Advance(int count) => _count += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsMemory(_count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsSpan(_count);
    }

    /// <summary>Reads <paramref name="source"/> to its end; false as soon as it has given more than <paramref name="limit"/> bytes.</summary>
    public async ValueTask<bool> FillAsync(Stream source, long limit, CancellationToken cancellation)
    {
        long bound = Math.Min(limit, Array.MaxLength - ReadSize);
        while (true)
        {
            int read = await source.ReadAsync(GetMemory(ReadSize), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return true;
            }

            _count += read;
            if (_count > bound)
            {
                return false;
            }
        }
    }

    /// <summary>The bytes as a read-only stream over the rented array (no copy); valid until this buffer is disposed.</summary>
    public Stream AsStream() => new MemoryStream(_array, 0, _count, writable: false);

    public void Dispose()
    {
        byte[] array = _array;
        _array = Array.Empty<byte>();
        _count = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Reserve(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_array.Length - _count >= needed)
        {
            return;
        }

        byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max((long)_array.Length * 2, (long)_count + needed)));
        _array.AsSpan(0, _count).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_array);
        _array = grown;
    }
}
