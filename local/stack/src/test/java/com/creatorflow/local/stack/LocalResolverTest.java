package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local names of resources: S3 wants lower-case bucket names, which CloudFormation gives buckets it names. */
class LocalResolverTest {
    @Test
    void aBucketIsNamedInLowerCaseUnlessItNamesItself(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                  LabelsBucket:
                    Type: AWS::S3::Bucket
                  NamedBucket:
                    Type: AWS::S3::Bucket
                    Properties:
                      BucketName: !Sub my-${AWS::Region}-bucket
                """);
        LocalResolver resolver = new LocalResolver(CfnTemplate.load(file), "us-east-1",
                URI.create("http://127.0.0.1:9324"), Map.of());

        assertThat(resolver.ref("LabelsBucket")).isEqualTo("labelsbucket");
        assertThat(resolver.getAtt("LabelsBucket", "Arn")).isEqualTo("arn:aws:s3:::labelsbucket");
        assertThat(resolver.ref("NamedBucket")).isEqualTo("my-us-east-1-bucket");
    }
}
