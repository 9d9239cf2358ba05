using System.Collections.Concurrent;

namespace ImageRecognition.Recognition;

/// <summary>
/// Reuses a model's input buffers. They are 0.8 to 2 MB, so allocating one per photo put them on the
/// large object heap and forced a full garbage collection every few photos (measured in
/// benchmarks/Recognition.Benchmarks). A worker runs at most one photo per core, so few stay pooled.
/// </summary>
internal sealed class FloatBufferPool(int length)
{
    private readonly ConcurrentBag<float[]> _free = [];

    public float[] Rent() => _free.TryTake(out var buffer) ? buffer : new float[length];

    public void Return(float[] buffer)
    {
        if (buffer.Length == length)
        {
            _free.Add(buffer);
        }
    }
}
