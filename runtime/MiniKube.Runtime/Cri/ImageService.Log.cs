namespace MiniKube.Runtime.Cri;

public sealed partial class ImageService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "Removed image {Image} ({ImageId})")]
        public static partial void RemovedImage(ILogger logger, string image, string imageId);
    }
}
