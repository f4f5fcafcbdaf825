using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.AspNetCore.Connections;

namespace HarmonyGen.Hosting;

/// <summary>
/// Kestrel's connection buffers in blocks of <see cref="BlockSize"/> rather than its default 4 KiB. Kestrel receives
/// into the free space of the current block, so with 4 KiB blocks a 256 MiB upload is 65,536 <c>recvfrom</c> calls
/// before a byte reaches the backend; a gateway that streams bodies through wants each read to take what the socket
/// holds. Small requests are unaffected: a connection only holds a block while it has data to read or write
/// (Kestrel's <c>WaitForDataBeforeAllocatingBuffer</c>), so idle connections cost nothing.
/// </summary>
/// <remarks>
/// Registered as the <see cref="IMemoryPoolFactory{T}"/> Kestrel takes its pools from (.NET 10). Blocks are pinned
/// (sockets read into them) and kept for reuse up to <see cref="MaxRetainedBytes"/>; beyond that a returned block is
/// left to the GC, so a burst of uploads does not hold memory for good.
/// </remarks>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int DefaultBlockSize = 64 * 1024;

    /// <summary>What the pool keeps for reuse at most: 64 blocks of 64 KiB, 4 MiB.</summary>
    public const int MaxRetainedBytes = 4 * 1024 * 1024;

    private readonly ConcurrentQueue<Block> _free = new();
    private readonly int _maxRetained;
    private int _retained;

    public LargeBlockMemoryPool(int blockSize = DefaultBlockSize)
    {
        BlockSize = blockSize;
        _maxRetained = Math.Max(1, MaxRetainedBytes / blockSize);
    }

    public int BlockSize { get; }

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out Block? block))
        {
            Interlocked.Decrement(ref _retained);
            block.Rented();
            return block;
        }

        return new Block(this, BlockSize);
    }

    protected override void Dispose(bool disposing)
    {
        while (_free.TryDequeue(out _))
        {
        }
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) <= _maxRetained)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _retained);
        }
    }

    /// <summary>The factory Kestrel asks for each pool it makes (transport, HTTP/2, HTTP/3).</summary>
    internal sealed class Factory(int blockSize = DefaultBlockSize) : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool(blockSize);
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly LargeBlockMemoryPool _pool;
        private int _returned;

        public Block(LargeBlockMemoryPool pool, int size)
        {
            _pool = pool;
            Memory = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        }

        public Memory<byte> Memory { get; }

        public void Rented() => Volatile.Write(ref _returned, 0);

        // A block handed back twice must not be handed out twice.
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                _pool.Return(this);
            }
        }
    }
}
