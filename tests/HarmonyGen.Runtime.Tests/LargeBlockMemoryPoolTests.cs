using System;
using System.Buffers;
using System.Collections.Generic;
using HarmonyGen.Hosting;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// The pool Kestrel reads connections into (<see cref="LargeBlockMemoryPool"/>): blocks of the configured size, reused
/// once returned, never handed out twice when returned twice, and kept only up to its bound. Every runtime test that
/// starts a gateway runs Kestrel on it, uploads and downloads included.
/// </summary>
public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Blocks_have_the_configured_size_and_are_reused()
    {
        using var pool = new LargeBlockMemoryPool(16 * 1024);
        Assert.Equal(16 * 1024, pool.MaxBufferSize);
        IMemoryOwner<byte> first = pool.Rent(2048);
        Assert.Equal(16 * 1024, first.Memory.Length);
        Memory<byte> memory = first.Memory;
        first.Dispose();

        IMemoryOwner<byte> again = pool.Rent();
        Assert.True(again.Memory.Equals(memory), "a returned block is handed out again");
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(16 * 1024 + 1));
    }

    [Fact]
    public void A_block_returned_twice_is_handed_out_once()
    {
        using var pool = new LargeBlockMemoryPool();
        IMemoryOwner<byte> block = pool.Rent();
        block.Dispose();
        block.Dispose();

        IMemoryOwner<byte> a = pool.Rent();
        IMemoryOwner<byte> b = pool.Rent();
        Assert.False(a.Memory.Equals(b.Memory));
    }

    [Fact]
    public void Only_a_bounded_number_of_blocks_is_kept()
    {
        using var pool = new LargeBlockMemoryPool();
        int bound = LargeBlockMemoryPool.MaxRetainedBytes / LargeBlockMemoryPool.DefaultBlockSize;
        var rented = new List<IMemoryOwner<byte>>();
        for (int i = 0; i < bound * 2; i++)
        {
            rented.Add(pool.Rent());
        }

        var seen = new HashSet<Memory<byte>>();
        rented.ForEach(r => seen.Add(r.Memory));
        rented.ForEach(r => r.Dispose());

        // Of the 2 x bound blocks returned, only bound come back; the rest are new.
        int reused = 0;
        for (int i = 0; i < bound * 2; i++)
        {
            reused += seen.Contains(pool.Rent().Memory) ? 1 : 0;
        }

        Assert.Equal(bound, reused);
    }
}
