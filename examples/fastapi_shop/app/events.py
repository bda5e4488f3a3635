"""Order events for the fulfilment service, sent through the shop's SQS client."""
import json
import os

import boto3

sqs = boto3.client("sqs")


def publish_order_event(order_id, kind):
    sqs.send_message(QueueUrl=os.environ["ORDER_EVENTS_QUEUE_URL"], MessageBody=json.dumps({"order": order_id, "kind": kind}))
