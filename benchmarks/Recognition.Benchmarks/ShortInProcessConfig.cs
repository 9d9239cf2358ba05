using Imaging.Benchmarks;

namespace Recognition.Benchmarks;

/// <summary>The shared short in-process job (Imaging.Benchmarks), with the recognizer's native-pixels column.</summary>
public sealed class ShortInProcessConfig() : ShortInProcessConfigBase(new NativePixelsColumn());
