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
