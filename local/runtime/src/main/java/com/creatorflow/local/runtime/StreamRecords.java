package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Converts DynamoDB Streams records (SDK v2) into Lambda's {@link DynamodbEvent} records. */
final class StreamRecords {
    private StreamRecords() {
    }

    static DynamodbEvent.DynamodbStreamRecord toLambda(Record record, String eventSourceArn, String region) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventVersion(record.eventVersion());
        out.setEventSource("aws:dynamodb");
        out.setAwsRegion(region);
        out.setEventSourceARN(eventSourceArn);
        var source = record.dynamodb();
        StreamRecord dynamodb = new StreamRecord();
        if (source.approximateCreationDateTime() != null) {
            dynamodb.setApproximateCreationDateTime(Date.from(source.approximateCreationDateTime()));
        }
        dynamodb.setKeys(map(source.keys()));
        dynamodb.setNewImage(source.hasNewImage() ? map(source.newImage()) : null);
        dynamodb.setOldImage(source.hasOldImage() ? map(source.oldImage()) : null);
        dynamodb.setSequenceNumber(source.sequenceNumber());
        dynamodb.setSizeBytes(source.sizeBytes());
        if (source.streamViewType() != null) {
            dynamodb.setStreamViewType(StreamViewType.fromValue(source.streamViewTypeAsString()));
        }
        out.setDynamodb(dynamodb);
        return out;
    }

    private static Map<String, AttributeValue> map(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> in) {
        if (in == null) {
            return null;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        in.forEach((name, value) -> out.put(name, value(value)));
        return out;
    }

    private static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue in) {
        AttributeValue out = new AttributeValue();
        switch (in.type()) {
            case S -> out.setS(in.s());
            case N -> out.setN(in.n());
            case B -> out.setB(in.b().asByteBuffer());
            case SS -> out.setSS(in.ss());
            case NS -> out.setNS(in.ns());
            case BS -> out.setBS(in.bs().stream().map(b -> b.asByteBuffer()).toList());
            case M -> out.setM(map(in.m()));
            case L -> out.setL(in.l().stream().map(StreamRecords::value).toList());
            case BOOL -> out.setBOOL(in.bool());
            case NUL -> out.setNULL(true);
            default -> throw new IllegalArgumentException("unknown attribute type " + in.type());
        }
        return out;
    }

    static List<DynamodbEvent.DynamodbStreamRecord> toLambda(List<Record> records, String arn, String region) {
        return records.stream().map(record -> toLambda(record, arn, region)).toList();
    }
}
