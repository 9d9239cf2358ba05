using ImageRecognition.Recognition;
using System.Collections.Concurrent;

namespace Recognition.UnitTests;

/// <summary>One recognizer, many threads: every call sees the labels a lone call sees.</summary>
/// <remarks>Inference times are measured in benchmarks/Recognition.Benchmarks, not in tests.</remarks>
[Collection(RecognizerCollection.Name)]
public sealed class ConcurrencyTests(RecognizerFixture fixture)
{
    private static readonly string[] Photos = ["giraffe.jpg", "kite.jpg", "eagle.jpg", "dog.jpg", "person.jpg", "astronaut.png"];

    [Fact]
    public void Parallel_calls_give_the_same_labels_as_one_at_a_time()
    {
        var images = Photos.ToDictionary(p => p, p => ModelInputs.Load(p));
        try
        {
            var expected = images.ToDictionary(i => i.Key, i => LabelText.Describe(fixture.Recognizer.Recognize(i.Value)));
            var seen = new ConcurrentBag<(string Photo, string Labels)>();

            Parallel.For(0, Photos.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                var photo = Photos[i % Photos.Length];
                seen.Add((photo, LabelText.Describe(fixture.Recognizer.Recognize(images[photo]))));
            });

            Assert.Equal(Photos.Length * 4, seen.Count);
            Assert.All(seen, s => Assert.Equal(expected[s.Photo], s.Labels));
        }
        finally
        {
            foreach (var image in images.Values)
            {
                image.Dispose();
            }
        }
    }
}

/// <summary>
/// A stopping host disposes the recognizer while consumers it gave up waiting for still call it: the calls in
/// progress finish, later ones get <see cref="ObjectDisposedException"/>, and nothing frees a native session under
/// a running inference (which aborted the whole process inside ONNX Runtime).
/// </summary>
public sealed class DisposeWhileInUseTests
{
    [Fact]
    public async Task Disposing_while_calls_run_lets_them_finish_and_refuses_later_ones()
    {
        using var image = ModelInputs.Load("giraffe.jpg");
        var recognizer = new ObjectRecognizer(new RecognitionOptions());
        var expected = LabelText.Describe(recognizer.Recognize(image));
        using var firstCallsStarted = new CountdownEvent(4);

        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var finished = new List<string>();
            firstCallsStarted.Signal();
            while (true)
            {
                try
                {
                    finished.Add(LabelText.Describe(recognizer.Recognize(image)));
                }
                catch (ObjectDisposedException)
                {
                    return finished;
                }
            }
        })).ToList();
        firstCallsStarted.Wait();
        recognizer.Dispose();

        var results = await Task.WhenAll(callers);

        Assert.All(results.SelectMany(r => r), labels => Assert.Equal(expected, labels));
        Assert.Throws<ObjectDisposedException>(() => recognizer.Recognize(image));
        Assert.Throws<ObjectDisposedException>(() => recognizer.Detect(image));
        Assert.Throws<ObjectDisposedException>(() => recognizer.DescribeWholeImage(image));
        recognizer.Dispose(); // a second dispose (the container's, after a using) is harmless
    }
}
