using Microsoft.IO;

namespace ClusterFinance.Api.Infrastructure;

/// <summary>
/// Pooled memory for request bodies and response documents: a verdict document is about 230 KB, and allocating that
/// afresh for every evaluation would keep the garbage collector busy. Idle memory kept in the pool is bounded.
/// </summary>
public static class PooledMemory
{
    private static readonly RecyclableMemoryStreamManager Manager = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = 128 * 1024,
        LargeBufferMultiple = 1024 * 1024,
        MaximumBufferSize = 16 * 1024 * 1024,
        MaximumSmallPoolFreeBytes = 32 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 32 * 1024 * 1024,
    });

    public static RecyclableMemoryStream Rent(string purpose) => Manager.GetStream(purpose);
}
