using ImageRecognition.Contracts;
using MassTransit;

namespace ImageRecognition.Albums.Api;

/// <summary>
/// What would make a photo's results now, asked of the workers that make them (request/response on the bus, each on a
/// queue of its own, so the question never waits behind photos): the Recognition worker's models and the Thumbnail
/// worker's rendering. Albums has neither the models nor the thumbnail settings, and asking keeps "current" meaning
/// what the running workers use, after any upgrade.
/// </summary>
public sealed class CurrentProvenance(IRequestClient<CurrentLabelsProvenanceRequested> labels, IRequestClient<CurrentThumbnailRenderingRequested> thumbnails)
{
    /// <summary>How long a worker has to answer before the reprocess is refused (503).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <exception cref="UnknownProvenanceException">A worker did not answer in time, or cannot tell yet.</exception>
    public async Task<(LabelsProvenance Labels, ThumbnailRendering Thumbnail)> ReadAsync(CancellationToken cancellationToken)
    {
        var labelsAnswer = labels.GetResponse<CurrentLabelsProvenance>(new CurrentLabelsProvenanceRequested(), cancellationToken, Timeout);
        var thumbnailAnswer = thumbnails.GetResponse<CurrentThumbnailRendering>(new CurrentThumbnailRenderingRequested(), cancellationToken, Timeout);
        try
        {
            var (madeBy, rendering) = ((await labelsAnswer).Message, (await thumbnailAnswer).Message);
            return madeBy.Provenance is { } provenance
                ? (provenance, rendering.Rendering)
                : throw new UnknownProvenanceException($"The Recognition worker cannot tell which models it uses: {madeBy.Reason}");
        }
        catch (RequestTimeoutException)
        {
            throw new UnknownProvenanceException(
                $"The Recognition and Thumbnail workers did not both say within {Timeout.TotalSeconds:0} s what would make results now, " +
                "so outdated results cannot be told apart. Try again once both are running.");
        }
    }
}

public sealed class UnknownProvenanceException(string message) : Exception(message);
