"""The table of slow side-effect APIs: qualified name -> category and typical cost.

Data, not if-chains: resolution turns every call into a qualified name (`requests.Session.get`,
`smtplib.SMTP.sendmail`, `boto3.client:ses.send_email`) and looks it up here. Names are the
public spelling; ALIASES folds the private module paths libraries re-export from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SinkSpec:
    api: str
    category: str
    cost: str  # for people: "~1–3 s"
    seconds: float  # for totals: a typical midpoint
    awaited_only: bool = False  # coroutine APIs only block the request when awaited
    via: tuple = ()  # `Location`s of the library calls between the workspace's call and this API


CATEGORY_COST = {
    "email": ("0.5–3 s", 1.5),
    "http": ("0.1–30 s", 1.0),
    "pdf": ("1–10 s", 3.0),
    "image": ("0.2–5 s", 1.0),
    "video": ("5 s–minutes", 30.0),
    "push": ("0.2–2 s", 0.5),
    "sms": ("0.5–3 s", 1.0),
    "analytics": ("0.1–1 s", 0.3),
    "search_index": ("0.1–2 s", 0.5),
    "chat": ("0.3–2 s", 0.7),
    "sleep": ("as long as it sleeps", 1.0),
    "subprocess": ("0.1 s–minutes", 2.0),
}

_HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream")

_TABLE: dict[str, tuple[str, ...]] = {
    "email": (
        "smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.LMTP",
        "smtplib.SMTP.sendmail", "smtplib.SMTP.send_message", "smtplib.SMTP.login",
        "smtplib.SMTP_SSL.sendmail", "smtplib.SMTP_SSL.send_message", "smtplib.SMTP_SSL.login",
        "django.core.mail.send_mail", "django.core.mail.send_mass_mail",
        "django.core.mail.mail_admins", "django.core.mail.mail_managers",
        "django.core.mail.EmailMessage.send", "django.core.mail.EmailMultiAlternatives.send",
        "django.core.mail.get_connection.send_messages",
        "django.contrib.auth.forms.PasswordResetForm.save",
        "django.contrib.auth.models.AbstractUser.email_user",
        "django.contrib.auth.models.User.email_user",
        "flask_mail.Mail.send", "flask_mail.Mail.send_message", "flask_mail.Connection.send",
        "flask.current_app.extensions[mail].send", "flask.current_app.extensions[mail].send_message",
        "flask.Flask.extensions[mail].send", "flask.Flask.extensions[mail].send_message",
        "flask_mailman.EmailMessage.send", "flask_mailman.EmailMultiAlternatives.send", "flask_mailman.send_mail",
        "flask_mailman.send_mass_mail", "flask_mailman.mail_admins",
        "sendgrid.SendGridAPIClient.send", "sendgrid.SendGridAPIClient.client.mail.send.post",
        "boto3.client:ses.send_email", "boto3.client:ses.send_raw_email",
        "boto3.client:ses.send_templated_email", "boto3.client:sesv2.send_email",
        "yagmail.SMTP.send", "postmarker.core.PostmarkClient.emails.send",
        "mailchimp_transactional.Client.messages.send", "anymail.message.AnymailMessage.send",
        "emails.Message.send", "redmail.EmailSender.send", "resend.Emails.send",
        # djoser's user actions mail the user in the request; its e-mails are django-templated-mail's
        "djoser.views.UserViewSet.reset_password", "djoser.views.UserViewSet.reset_username",
        "djoser.views.UserViewSet.resend_activation",
        "templated_mail.mail.BaseEmailMessage.send",
        *(f"djoser.email.{kind}Email.send" for kind in (
            "Activation", "Confirmation", "PasswordReset", "PasswordChangedConfirmation",
            "UsernameChangedConfirmation", "UsernameReset")),
    ),
    "http": (
        *(f"requests.{v}" for v in _HTTP_VERBS),
        *(f"requests.Session.{v}" for v in _HTTP_VERBS),
        # OAuth sessions are requests/httpx sessions that sign each request: every verb is a call.
        *(f"{session}.{v}" for session in ("requests_oauthlib.OAuth1Session", "requests_oauthlib.OAuth2Session",
                                           "authlib.integrations.requests_client.OAuth1Session",
                                           "authlib.integrations.requests_client.OAuth2Session",
                                           "authlib.integrations.httpx_client.OAuth1Client",
                                           "authlib.integrations.httpx_client.OAuth2Client")
          for v in _HTTP_VERBS),
        *(f"httpx.{v}" for v in _HTTP_VERBS),
        *(f"httpx.Client.{v}" for v in _HTTP_VERBS),
        "urllib.request.urlopen", "urllib.request.OpenerDirector.open", "urllib.request.build_opener.open",
        "urllib3.request", "urllib3.PoolManager.request", "urllib3.PoolManager.urlopen",
        "urllib3.HTTPConnectionPool.request", "urllib3.HTTPSConnectionPool.request",
        "http.client.HTTPConnection.request", "http.client.HTTPSConnection.request",
        "http.client.HTTPConnection.getresponse", "http.client.HTTPSConnection.getresponse",
        "requests_hardened.Manager.send_request",  # requests with SSRF filters: one request per call
        "pycurl.Curl.perform", "stripe.Charge.create", "stripe.PaymentIntent.create",
        "stripe.Customer.create",
        "zeep.Client.service", "suds.client.Client.service",
        "xmlrpc.client.ServerProxy",
    ),
    "pdf": (
        "weasyprint.HTML.write_pdf", "weasyprint.HTML.render", "weasyprint.CSS",
        "reportlab.pdfgen.canvas.Canvas.save", "reportlab.platypus.SimpleDocTemplate.build",
        "reportlab.platypus.BaseDocTemplate.build", "reportlab.platypus.doctemplate.SimpleDocTemplate.build",
        "xhtml2pdf.pisa.CreatePDF", "xhtml2pdf.pisa.pisaDocument",
        "pdfkit.from_string", "pdfkit.from_url", "pdfkit.from_file",
        "fpdf.FPDF.output", "fpdf.fpdf.FPDF.output", "wkhtmltopdf.wkhtmltopdf",
        "django_weasyprint.WeasyTemplateResponse", "pyppeteer.launch", "playwright.sync_api.sync_playwright",
        "pypdf.PdfWriter.write", "PyPDF2.PdfWriter.write", "PyPDF2.PdfFileWriter.write",
        "borb.pdf.PDF.dumps", "pdfrw.PdfWriter.write",
    ),
    "image": (
        "PIL.Image.Image.save", "PIL.Image.Image.load", "PIL.Image.open.load", "PIL.Image.Image.thumbnail", "PIL.Image.Image.resize",
        "PIL.Image.Image.convert", "PIL.Image.Image.rotate", "PIL.Image.Image.crop",
        "PIL.ImageOps.fit", "PIL.ImageOps.exif_transpose", "PIL.Image.new.save",
        "PIL.Image.open.save", "PIL.Image.open.thumbnail", "PIL.Image.open.resize",
        "PIL.Image.open.convert", "PIL.Image.open.rotate", "PIL.Image.open.crop",
        "wand.image.Image", "wand.image.Image.resize", "wand.image.Image.save",
        "cv2.imread", "cv2.imwrite", "cv2.resize", "cv2.imdecode", "cv2.imencode",
        "skimage.io.imread", "skimage.transform.resize", "imageio.imread", "imageio.imwrite",
        "sorl.thumbnail.get_thumbnail", "easy_thumbnails.files.get_thumbnailer",
        "pyvips.Image.new_from_file", "pyvips.Image.thumbnail", "cairosvg.svg2png",
    ),
    "video": (
        "ffmpeg.input.output.run", "ffmpeg.run", "ffmpeg.input.run", "ffmpeg.output.run",
        "moviepy.editor.VideoFileClip", "moviepy.VideoFileClip",
        "moviepy.editor.VideoFileClip.write_videofile", "moviepy.VideoFileClip.write_videofile",
        "moviepy.editor.VideoClip.write_videofile", "moviepy.editor.concatenate_videoclips",
        "cv2.VideoCapture", "cv2.VideoWriter", "av.open", "imageio.get_reader",
    ),
    "push": (
        "firebase_admin.messaging.send", "firebase_admin.messaging.send_multicast",
        "firebase_admin.messaging.send_each", "firebase_admin.messaging.send_all",
        "firebase_admin.messaging.send_each_for_multicast",
        "pyfcm.FCMNotification.notify_single_device", "pyfcm.FCMNotification.notify_multiple_devices",
        "pyfcm.FCMNotification.notify", "pyfcm.FCMNotification.notify_topic_subscribers",
        "apns2.client.APNsClient.send_notification", "apns2.client.APNsClient.send_notification_batch",
        "pywebpush.webpush", "pywebpush.WebPusher.send",
        "exponent_server_sdk.PushClient.publish", "onesignal_sdk.client.Client.send_notification",
        "push_notifications.models.APNSDevice.send_message", "push_notifications.models.GCMDevice.send_message",
        "push_notifications.models.WebPushDevice.send_message",
    ),
    "sms": (
        "twilio.rest.Client.messages.create", "twilio.rest.Client.calls.create",
        "twilio.rest.Client.api.account.messages.create",
        "twilio.rest.Client.verify.v2.services.verifications.create",  # sends the code by SMS, call or WhatsApp
        "vonage.Sms.send_message", "nexmo.Client.send_message", "plivo.RestClient.messages.create",
        "messagebird.Client.message_create", "boto3.client:sns.publish",
        "africastalking.SMS.send", "sinchsms.SinchSMS.send_message",
    ),
    "analytics": (
        "analytics.track", "analytics.identify", "analytics.page", "analytics.group", "analytics.flush",
        "segment.analytics.track", "segment.analytics.identify", "segment.analytics.Client.track",
        "mixpanel.Mixpanel.track", "mixpanel.Mixpanel.people_set", "mixpanel.Mixpanel.alias",
        "posthog.capture", "posthog.identify", "posthog.Posthog.capture", "posthog.Posthog.identify",
        "amplitude.Amplitude.track", "intercom.client.Client.events.create",
        "hubspot.HubSpot.crm.contacts.basic_api.create", "keen.add_event",
        "heap.Client.track", "rudderstack.analytics.track", "rudder_analytics.track",
    ),
    "search_index": (
        *(f"elasticsearch.Elasticsearch.{m}" for m in ("index", "update", "delete", "bulk", "create", "update_by_query", "delete_by_query", "reindex")),
        "elasticsearch.helpers.bulk", "elasticsearch.helpers.streaming_bulk", "elasticsearch.helpers.parallel_bulk",
        *(f"opensearchpy.OpenSearch.{m}" for m in ("index", "update", "delete", "bulk", "create")),
        "opensearchpy.helpers.bulk",
        "algoliasearch.search_client.SearchClient.init_index.save_object",
        "algoliasearch.search_client.SearchClient.init_index.save_objects",
        "algoliasearch.search_client.SearchClient.init_index.partial_update_object",
        "algoliasearch.search_client.SearchClient.init_index.delete_object",
        "algoliasearch.search_client.SearchClient.create.init_index.save_object",
        "algoliasearch.search_client.SearchClient.create.init_index.save_objects",
        "meilisearch.Client.index.add_documents", "meilisearch.Client.index.update_documents",
        "meilisearch.Client.index.delete_document", "meilisearch.Client.index.delete_documents",
        "typesense.Client.collections.documents.create", "typesense.Client.collections.documents.upsert",
        "pysolr.Solr.add", "pysolr.Solr.delete", "whoosh.index.open_dir.writer",
        "haystack.management.commands.update_index", "django_elasticsearch_dsl.Document.update",
        "django_elasticsearch_dsl.registries.registry.update",
    ),
    "chat": (
        "slack_sdk.WebClient.chat_postMessage", "slack_sdk.WebClient.chat_postEphemeral",
        "slack_sdk.WebClient.files_upload", "slack_sdk.WebClient.files_upload_v2",
        "slack_sdk.web.WebClient.chat_postMessage", "slack_sdk.webhook.WebhookClient.send",
        "slack_sdk.WebhookClient.send", "slack.WebClient.chat_postMessage",
        "slackclient.SlackClient.api_call", "discord_webhook.DiscordWebhook.execute",
        "telegram.Bot.send_message", "pymsteams.connectorcard.send",
        "telegram.Bot.edit_message_text", "telegram.Bot.send_photo", "telegram.Bot.send_document",
        "telepot.Bot.sendMessage", "telepot.Bot.editMessageText", "telepot.Bot.sendPhoto",
        "telepot.Bot.sendDocument", "telepot.Bot.answerCallbackQuery",
    ),
    "sleep": ("time.sleep",),
    "subprocess": (
        "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
        "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput",
        "os.system", "os.popen", "os.spawnl", "os.spawnv", "os.execv", "os.execvp",
        "sh.Command", "plumbum.local",
    ),
}

# Families surveyed from the popular client libraries of each category (PyPI), by their public
# spelling; with an environment, `library.py` folds re-exports and inherited methods onto these.
_SURVEYED: dict[str, tuple[str, ...]] = {
    # Object storage: every call is a network round trip carrying the file.
    "http": (
        *(f"boto3.client:s3.{m}" for m in (
            "upload_file", "upload_fileobj", "put_object", "download_file", "download_fileobj", "get_object",
            "copy_object", "copy", "delete_object", "delete_objects", "generate_presigned_post")),
        *(f"boto3.resource:s3.Bucket.{m}" for m in ("upload_file", "upload_fileobj", "put_object", "download_file")),
        *(f"boto3.resource:s3.Object.{m}" for m in ("put", "upload_file", "upload_fileobj", "download_file", "get")),
        # DynamoDB writes through a table resource (a batch writer sends its items in batches of 25
        # and at the end of its `with` block); reads are a database's reads and stay unlisted.
        *(f"boto3.resource:dynamodb.Table.{m}" for m in ("put_item", "delete_item", "update_item")),
        *(f"boto3.resource:dynamodb.Table.batch_writer.{m}" for m in ("put_item", "delete_item")),
        *(f"boto3.resource:dynamodb.{m}" for m in ("batch_write_item",)),
        *(f"minio.Minio.{m}" for m in ("put_object", "fput_object", "get_object", "fget_object", "remove_object",
                                       "copy_object", "remove_objects")),
        *(f"{blob}.{m}" for blob in ("google.cloud.storage.Blob", "google.cloud.storage.Client.bucket.blob",
                                      "google.cloud.storage.Client.get_bucket.blob",
                                      "google.cloud.storage.Bucket.blob")
          for m in ("upload_from_filename", "upload_from_string", "upload_from_file", "download_to_filename",
                    "download_as_bytes", "download_as_string", "download_as_text", "delete")),
        # boto (2), still behind older apps: a bucket's key object sends or fetches its contents.
        *(f"boto.{service}.key.Key.{m}" for service in ("s3", "gs") for m in (
            "set_contents_from_file", "set_contents_from_string", "set_contents_from_filename",
            "set_contents_from_stream", "send_file", "get_contents_to_file", "get_contents_to_filename",
            "get_contents_as_string", "get_file")),
        "azure.storage.blob.BlobClient.upload_blob", "azure.storage.blob.BlobClient.download_blob",
        "azure.storage.blob.ContainerClient.upload_blob", "azure.storage.blob.BlobServiceClient.get_blob_client.upload_blob",
        "dropbox.Dropbox.files_upload", "dropbox.Dropbox.files_download",
        *(f"oss2.Bucket.{m}" for m in ("put_object", "put_object_from_file", "get_object", "get_object_to_file",
                                       "delete_object", "batch_delete_objects")),
        "cloudinary.uploader.upload", "cloudinary.uploader.upload_large", "cloudinary.uploader.destroy",
        # Payment, AI and map APIs: remote calls by nature.
        "stripe.Refund.create", "stripe.Subscription.create", "stripe.checkout.Session.create",
        "stripe.PaymentIntent.confirm", "stripe.Customer.modify", "stripe.Invoice.create", "stripe.Transfer.create",
        "braintree.Transaction.sale", "paypalrestsdk.Payment.create",
        "openai.OpenAI.chat.completions.create", "openai.OpenAI.completions.create", "openai.OpenAI.embeddings.create",
        "openai.ChatCompletion.create", "openai.Completion.create", "anthropic.Anthropic.messages.create",
        "googlemaps.Client.geocode", "googlemaps.Client.directions", "googlemaps.Client.distance_matrix",
        "geopy.geocoders.Nominatim.geocode", "geopy.geocoders.GoogleV3.geocode",
        # Static map renderers: rendering downloads every tile the map covers from a tile server
        # (one request per tile, retried), then draws on them.
        "staticmap.StaticMap.render", "staticmap3.StaticMap.render",
        *(f"staticmaps.Context.{m}" for m in ("render_pillow", "render_cairo", "render_svg")),
        "tweepy.API.update_status", "tweepy.Client.create_tweet", "httplib2.Http.request",
        # OAuth clients: each token call is a request to the provider's token endpoint.
        *(f"authlib.integrations.{module}.{client}.{m}"
          for module, clients in (("httpx_client", ("AsyncOAuth2Client", "OAuth2Client", "AsyncOAuth1Client", "OAuth1Client")),
                                  ("requests_client", ("OAuth2Session", "OAuth1Session")))
          for client in clients
          for m in ("fetch_token", "refresh_token", "revoke_token", "introspect_token", "fetch_access_token",
                    "fetch_request_token")),
        "requests_oauthlib.OAuth2Session.fetch_token", "requests_oauthlib.OAuth2Session.refresh_token",
        "requests_oauthlib.OAuth1Session.fetch_request_token", "requests_oauthlib.OAuth1Session.fetch_access_token",
        *(f"httpx_oauth.oauth2.{client}.{m}" for client in ("BaseOAuth2", "OAuth2")
          for m in ("get_access_token", "refresh_token", "revoke_token")),
        # Anti-spam checks (a request to the Akismet API per call; its verdict decides the response).
        *(f"akismet.{client}.{m}" for client in ("Akismet", "SyncClient")
          for m in ("verify_key", "comment_check", "submit_spam", "submit_ham", "key_sites", "usage_limit")),
    ),
    "email": (
        "mailjet_rest.Client.send.create", "postmarker.core.PostmarkClient.emails.send_batch",
        "sparkpost.SparkPost.transmissions.send", "sib_api_v3_sdk.TransactionalEmailsApi.send_transac_email",
        "brevo_python.TransactionalEmailsApi.send_transac_email", "mailersend.emails.NewEmail.send",
        "exchangelib.Message.send", "exchangelib.Message.send_and_save", "envelopes.Envelope.send",
        "boto3.client:ses.send_bulk_templated_email", "boto3.client:sesv2.send_bulk_email",
        "notifications_python_client.notifications.NotificationsAPIClient.send_email_notification",
        # djmail's template mails: `send(to, context)` renders and sends one Django email.
        *(f"djmail.template_mail.{cls}.send" for cls in ("TemplateMail", "InlineCSSTemplateMail")),
        "djmail.template_mail.make_email.send",
    ),
    "sms": (
        "vonage.Client.sms.send_message", "telnyx.Message.create", "boto3.client:pinpoint.send_messages",
        "textmagic.rest.TextmagicRestClient.messages.create", "clicksend_client.SMSApi.sms_send_post",
        "notifications_python_client.notifications.NotificationsAPIClient.send_sms_notification",
    ),
    "push": (
        "apprise.Apprise.notify", "pusher.Pusher.trigger", "pusher.Pusher.trigger_batch",
        "pusher_push_notifications.PushNotifications.publish_to_interests",
        "pusher_push_notifications.PushNotifications.publish_to_users",
        "exponent_server_sdk.PushClient.publish_multiple", "fcm_django.models.FCMDevice.send_message",
        "boto3.client:sns.publish_batch",
        # Notification services: one API call fans a message out to a user's channels.
        "onesignal.api.default_api.DefaultApi.create_notification", "knockapi.Knock.workflows.trigger",
        "trycourier.Courier.send_message", "trycourier.Courier.send",
    ),
    "chat": (
        "slack_sdk.WebClient.chat_update", "slack_sdk.WebClient.chat_scheduleMessage",
        "slack_sdk.WebClient.conversations_open", "slack_sdk.WebClient.users_lookupByEmail",
        "zulip.Client.send_message", "mattermostdriver.Driver.posts.create_post",
        "rocketchat_API.rocketchat.RocketChat.chat_post_message", "telebot.TeleBot.send_message",
        "discord.SyncWebhook.send",
    ),
    "pdf": ("img2pdf.convert", "docx2pdf.convert", "weasyprint.HTML.write_png"),
    "image": (
        "PIL.Image.Image.transpose", "PIL.Image.Image.filter", "PIL.ImageOps.contain", "PIL.ImageOps.pad",
        # Pixel access: reading an opened image's pixels decodes the whole file, writing a sequence
        # of pixels copies them one by one (`Image.open` alone only reads the header).
        *(f"PIL.Image.{image}.{m}" for image in ("Image", "open")
          for m in ("getdata", "get_flattened_data", "putdata")),
        "PIL.Image.new.putdata",
        "PIL.ImageOps.cover", "pyvips.Image.write_to_file",
        "wand.image.Image.transform", "rembg.remove",
    ),
    "search_index": (
        "elasticsearch_dsl.Document.save", "elasticsearch_dsl.Document.delete", "elasticsearch_dsl.Document.update",
        "algoliasearch.search.client.SearchClientSync.save_objects",
        "algoliasearch.search.client.SearchClientSync.save_object",
    ),
    "analytics": (
        "customerio.CustomerIO.track", "customerio.CustomerIO.identify", "klaviyo_api.KlaviyoAPI.Events.create_event",
    ),
}

# A second survey (issue 11), by the defining module of each API: file hosting, WebDAV, Google's
# API client, issue trackers and incident tools, LLM clients, raw sockets, LDAP, IMAP/POP/FTP/SSH,
# PDF writers and embedded search engines. Every call here waits on a remote service or rewrites
# a whole file.
_SURVEYED_2: dict[str, tuple[str, ...]] = {
    "http": (
        *(f"pydrive2.files.GoogleDriveFile.{m}" for m in (
            "Upload", "Trash", "UnTrash", "Delete", "Copy", "FetchContent", "FetchMetadata", "GetContentFile",
            "GetContentString", "GetContentIOBuffer", "InsertPermission", "DeletePermission", "GetPermissions")),
        *(f"webdav3.client.Client.{m}" for m in (
            "list", "info", "check", "mkdir", "clean", "move", "copy", "download", "download_sync", "download_file",
            "download_from", "upload", "upload_sync", "upload_file", "upload_to", "publish", "unpublish", "push",
            "pull", "sync")),
        "googleapiclient.http.HttpRequest.execute", "googleapiclient.http.BatchHttpRequest.execute",
        *(f"google.auth.transport.requests.AuthorizedSession.{v}" for v in _HTTP_VERBS),
        *(f"jira.client.JIRA.{m}" for m in (
            "create_issue", "create_issues", "issue", "search_issues", "add_comment", "transition_issue",
            "assign_issue", "add_attachment", "add_watcher", "create_issue_link", "delete_issue_link")),
        *(f"jira.resources.Issue.{m}" for m in ("update", "delete", "add_field_value")),
        *(f"pagerduty.{session}.{m}" for session in ("APISession", "RestApiV2Client", "EventsApiV2Client")
          for m in ("rget", "rpost", "rput", "get", "post", "put", "delete", "request", "iter_all", "list_all",
                    "find", "persist", "send_event", "trigger", "acknowledge", "resolve")),
        *(f"pdpyras.{session}.{m}" for session in ("APISession", "EventsAPISession")
          for m in ("rget", "rpost", "rput", "get", "post", "put", "delete", "request", "iter_all", "list_all",
                    "find", "persist", "send_event", "trigger", "acknowledge", "resolve")),
        # pypd, PagerDuty's older client: each resource's create/find/update is one API request.
        *(f"pypd.{resource}.{m}" for resource in ("EventV2", "Event", "Incident", "Alert", "Note", "Service")
          for m in ("create", "find", "find_one", "fetch", "update", "resolve", "acknowledge")),
        "openai.OpenAI.chat.completions.parse", "openai.OpenAI.beta.chat.completions.parse",
        "openai.OpenAI.responses.create", "openai.OpenAI.images.generate", "openai.OpenAI.audio.transcriptions.create",
        "litellm.completion", "litellm.embedding", "litellm.image_generation", "anthropic.Anthropic.completions.create",
        "cohere.Client.chat", "cohere.Client.embed", "google.generativeai.GenerativeModel.generate_content",
        "socket.socket.connect", "socket.create_connection",
        # dnspython: each lookup waits on remote nameservers (seconds per timeout, retried).
        *(f"dns.resolver.{f}" for f in ("resolve", "query", "resolve_address", "resolve_name", "resolve_at",
                                         "zone_for_name", "Resolver.resolve", "Resolver.query",
                                         "Resolver.resolve_address", "Resolver.resolve_name")),
        *(f"dns.query.{f}" for f in ("udp", "tcp", "tls", "https", "quic", "xfr", "inbound_xfr",
                                      "udp_with_fallback")),
        *(f"ldap3.Connection.{m}" for m in ("bind", "rebind", "search", "add", "modify", "delete", "modify_dn",
                                            "compare", "extended", "start_tls", "open")),
        *(f"ldap.ldapobject.SimpleLDAPObject.{m}" for m in (
            "simple_bind_s", "bind_s", "sasl_interactive_bind_s", "search_s", "search_st", "search_ext_s",
            "add_s", "modify_s", "delete_s", "rename_s", "passwd_s", "start_tls_s", "whoami_s", "result")),
        "imaplib.IMAP4", "imaplib.IMAP4_SSL", "imaplib.IMAP4.login", "imaplib.IMAP4_SSL.login",
        "poplib.POP3", "poplib.POP3_SSL", "imap_tools.mailbox.MailBox", "imap_tools.mailbox.MailBox.login",
        "imap_tools.MailBox", "imap_tools.MailBox.login",
        "ftplib.FTP", "ftplib.FTP_TLS", "ftplib.FTP.login", "ftplib.FTP.storbinary", "ftplib.FTP.retrbinary",
        "paramiko.SSHClient.connect", "paramiko.SSHClient.exec_command", "paramiko.client.SSHClient.connect",
        "paramiko.client.SSHClient.exec_command", "paramiko.SFTPClient.put", "paramiko.SFTPClient.get",
        "pysftp.Connection", "fabric.Connection.run",
        "twitter.api.Api.PostUpdate", "twitter.api.Api.PostUpdates", "twitter.api.Api.PostMedia",
        "twitter.api.Api.PostDirectMessage", "twitter.Api.PostUpdate", "twitter.Api.PostUpdates",
        "dropbox.Dropbox.files_move_v2", "dropbox.Dropbox.files_delete_v2", "dropbox.Dropbox.files_upload_session_start",
        "hvac.Client.read", "hvac.Client.write", "consul.Consul.KV.get", "consul.Consul.KV.put",
        # Django's file storage: S3/GCS/Azure in production, so every write is an upload.
        "django.core.files.storage.default_storage.save", "django.core.files.storage.default_storage.delete",
        "sorl.thumbnail.delete",  # the source image and every thumbnail of it, from that storage
        *(f"django.db.models.fields.files.{file}.{m}" for file in ("FieldFile", "ImageFieldFile")
          for m in ("save", "delete")),
        *(f"storages.backends.{backend}.{m}" for backend in (
            "s3boto3.S3Boto3Storage", "s3.S3Storage", "gcloud.GoogleCloudStorage", "azure_storage.AzureStorage")
          for m in ("save", "delete", "open", "exists", "listdir")),
    ),
    "email": (
        "smtplib.SMTP.connect", "smtplib.SMTP.starttls", "smtplib.SMTP_SSL.connect",
        "django.core.mail.backends.smtp.EmailBackend.open", "django.core.mail.backends.smtp.EmailBackend.send_messages",
    ),
    "chat": ("slack_sdk.WebClient.api_call", "slack_sdk.WebClient.conversations_invite",
             "slack_sdk.WebClient.conversations_create", "slack_sdk.WebClient.conversations_archive"),
    "pdf": (
        "pikepdf.Pdf.save", "pikepdf._core.Pdf.save", "pikepdf.open.save", "pikepdf.new.save",
        "pikepdf.Pdf.open.save", "pikepdf.Pdf.new.save", "ocrmypdf.ocr",
    ),
    "image": (
        *(f"wand.image.Image.{m}" for m in ("read", "make_blob", "convert", "transform", "liquid_rescale", "sample",
                                           "scale", "crop", "rotate", "compose", "composite")),
        "PIL.Image.open.load", "PIL.Image.Image.verify", "pdf2image.convert_from_path", "pdf2image.convert_from_bytes",
    ),
    "search_index": (
        *(f"{writer}.{m}" for writer in ("tantivy.IndexWriter", "tantivy.Index.writer")
          for m in ("commit", "add_document", "delete_documents")),
        "whoosh.writing.IndexWriter.commit", "whoosh.writing.SegmentWriter.commit", "whoosh.writing.AsyncWriter.commit",
    ),
}


@dataclass(frozen=True, slots=True)
class ClientFamily:
    """A client whose every method is a request to its service (a boto3 client, Slack's
    `WebClient`, a Stripe resource class): `prefix` then one method name, except `local`,
    the methods that do no I/O. `owners` restricts the part between the prefix and the method
    (a Stripe resource class name starts upper-case). `nested`: a tree of lower-case resources
    lies between the prefix and the method (Twilio's `client.verify.v2.services(sid).verifications
    .create`: every resource a property or a call, every leaf action one REST request)."""
    prefix: str
    category: str
    local: frozenset[str] = frozenset()
    methods: frozenset[str] = frozenset()  # when given, only these (or those starting with a prefix)
    owner_upper: bool = False
    # Resources reached through any number of calls (`service.users().messages().send(...)`):
    # only the last name is the method (`methods` then says which one makes the request).
    nested: bool = False
    method_prefixes: tuple[str, ...] = ()
    owner_parts: int = 1  # PyGithub's `github.Repository.Repository`: module, then class


_BOTO3_LOCAL = frozenset({
    "get_paginator", "get_waiter", "can_paginate", "generate_presigned_url", "close", "meta", "exceptions"})

_STRIPE_METHODS = frozenset({
    "create", "retrieve", "modify", "delete", "list", "search", "confirm", "capture", "cancel", "attach",
    "detach", "pay", "void_invoice", "finalize_invoice", "send_invoice", "upcoming", "expire", "refund",
    "create_reversal", "list_line_items", "create_source", "delete_source", "finalize", "mark_uncollectible",
    "resume", "reject", "approve", "verify", "close", "reverse", "preview", "submit"})
# A resource's nested operations (`Customer.list_payment_methods`, `create_tax_id`,
# `retrieve_cash_balance`, `Invoice.add_lines`): each one request. `construct_from`,
# `class_url`, `refresh_from` and the other helpers are local.
_STRIPE_PREFIXES = ("create_", "delete_", "list_", "modify_", "retrieve_", "update_", "cancel_", "finalize_",
                    "mark_", "void_", "send_", "pay_", "detach_", "attach_", "confirm_", "capture_", "verify_",
                    "add_", "remove_", "apply_", "expire_", "reverse_", "increment_", "search_", "preview_")

FAMILIES: tuple[ClientFamily, ...] = (
    # boto3.client("iam").upload_server_certificate(...): every operation of a service is one
    # API call (the table keeps ses/sns/pinpoint in their own categories).
    ClientFamily("boto3.client:", "http", _BOTO3_LOCAL),
    ClientFamily("boto3.session.Session.client:", "http", _BOTO3_LOCAL),  # `boto3.Session(...).client(...)`
    ClientFamily("slack_sdk.WebClient.", "chat", frozenset({"token", "base_url", "timeout", "logger"})),
    # googleapiclient's discovery clients build their resources at run time: a chain of resource
    # calls ending in `.execute()` (or a batch's) is one request to the Google API. With the package
    # installed, `build()`'s return annotation names the `Resource` class instead.
    *(ClientFamily(f"googleapiclient.discovery.{factory}.", "http", methods=frozenset({"execute"}), nested=True)
      for factory in ("build", "build_from_document", "Resource")),
    # djmail's `MagicMailBuilder` makes a Django email for any attribute (`__getattr__`):
    # `builder.<template>(to, context)` is the message, its `.send()` one email.
    ClientFamily("djmail.template_mail.MagicMailBuilder.", "email", methods=frozenset({"send"}), nested=True),
    ClientFamily("stripe.", "http", methods=_STRIPE_METHODS, owner_upper=True, method_prefixes=_STRIPE_PREFIXES),
    # Stripe's `StripeClient`: services by attribute (`client.customers`, `client.checkout.sessions`,
    # `client.v1.customers`), each method one request (`update` where resources say `modify`).
    ClientFamily("stripe.StripeClient.", "http", methods=_STRIPE_METHODS | {"update"}, nested=True,
                 method_prefixes=_STRIPE_PREFIXES),
    # PyGithub: a GitHub object's writes (`repo.create_key(...)`, `hook.delete()`) are one API request
    # each; its reads are left out (lists are paginated lazily, attributes are often cached).
    # Chargebee: a resource class's every operation is one request, on the v3 client's resources
    # (`Chargebee(api_key=..., site=...).Subscription.update(...)`) as on the v2 module's
    # (`chargebee.Subscription.create(...)`, whose `configure()` is local).
    ClientFamily("chargebee.Chargebee.", "http", frozenset({"env"}), owner_upper=True),
    ClientFamily("chargebee.", "http", methods=_STRIPE_METHODS | {"update"}, owner_upper=True,
                 method_prefixes=_STRIPE_PREFIXES + ("checkout_", "change_", "reactivate", "resume", "pause")),
    # `github.Auth.AppAuth.create_jwt()` signs a token locally.
    ClientFamily("github.", "http", frozenset({"create_jwt"}), methods=frozenset({"delete", "edit", "merge", "update"}), owner_upper=True,
                 method_prefixes=("create_", "delete_", "edit_", "add_", "remove_", "update_", "replace_", "merge_"),
                 owner_parts=2),
    # Authlib's OAuth registry: `oauth.register(name="google", ...)` then `oauth.google.<method>`,
    # a client named at run time; its token exchange and API calls are requests to the provider.
    *(ClientFamily(f"authlib.integrations.{client}.OAuth.", "http", methods=frozenset({
        "authorize_access_token", "fetch_access_token", "userinfo", "get", "post", "put", "patch", "delete",
        "request", "fetch_token", "refresh_token", "load_server_metadata", "fetch_jwk_set"}), nested=True)
      for client in ("flask_client", "django_client")),
    # Twilio's REST client: resources nest (`api.v2010.accounts`, `verify.v2.services`); the
    # deliveries (messages, calls, verifications) are in the sms table above.
    ClientFamily("twilio.rest.Client.", "http", methods=frozenset({
        "create", "update", "delete", "fetch", "list", "stream", "page"}), nested=True),
)

# Coroutine APIs: they only make the user wait when awaited inside the handler.
_ASYNC: dict[str, tuple[str, ...]] = {
    "http": (
        *(f"httpx.AsyncClient.{v}" for v in _HTTP_VERBS),
        *(f"aiohttp.ClientSession.{v}" for v in _HTTP_VERBS),
        "aiohttp.request",
        *(f"dns.asyncresolver.{f}" for f in ("resolve", "resolve_address", "resolve_name", "zone_for_name",
                                              "Resolver.resolve", "Resolver.resolve_address", "Resolver.resolve_name")),
        *(f"dns.asyncquery.{f}" for f in ("udp", "tcp", "tls", "https", "quic", "udp_with_fallback")),
    ),
    "email": ("fastapi_mail.FastMail.send_message", "aiosmtplib.send", "aiosmtplib.SMTP.send_message"),
    "push": ("aioapns.APNs.send_notification", "apprise.Apprise.async_notify"),
    "search_index": tuple(
        f"elasticsearch.AsyncElasticsearch.{m}" for m in ("index", "update", "delete", "bulk", "create")
    ),
    "chat": ("slack_sdk.web.async_client.AsyncWebClient.chat_postMessage",),
    "subprocess": ("asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell"),
}

# Private module paths that libraries re-export under a public name.
ALIASES: dict[str, str] = {
    "django.core.mail.message.EmailMessage": "django.core.mail.EmailMessage",
    "django.core.mail.message.EmailMultiAlternatives": "django.core.mail.EmailMultiAlternatives",
    "requests.api": "requests",
    "requests.sessions.Session": "requests.Session",
    "httpx._client.Client": "httpx.Client",
    "httpx._client.AsyncClient": "httpx.AsyncClient",
    "httpx._api": "httpx",
    "slack_sdk.web.client.WebClient": "slack_sdk.WebClient",
    "slack_sdk.web.WebClient": "slack_sdk.WebClient",
    "slack_sdk.webhook.WebhookClient": "slack_sdk.WebhookClient",
    "twilio.rest.client.Client": "twilio.rest.Client",
    "reportlab.platypus.doctemplate.SimpleDocTemplate": "reportlab.platypus.SimpleDocTemplate",
    "reportlab.platypus.doctemplate.BaseDocTemplate": "reportlab.platypus.BaseDocTemplate",
    "fpdf.fpdf.FPDF": "fpdf.FPDF",
    "sendgrid.sendgrid.SendGridAPIClient": "sendgrid.SendGridAPIClient",
    "elasticsearch.client.Elasticsearch": "elasticsearch.Elasticsearch",
    "segment.analytics": "analytics",
    "urllib3.poolmanager.PoolManager": "urllib3.PoolManager",
    "moviepy.video.io.VideoFileClip.VideoFileClip": "moviepy.VideoFileClip",
    "aiohttp.client.ClientSession": "aiohttp.ClientSession",
    "emails.message.Message": "emails.Message",
}


def canonical(name: str) -> str:
    """Fold a private module path onto its public name: `requests.sessions.Session.get` -> `requests.Session.get`.
    Always folded, so one API has one name whichever path resolution reached it by (a call reached both
    as `requests.Session.post` and as `requests.sessions.Session.post` is one sink, not two findings)."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        alias = ALIASES.get(prefix)
        if alias is not None and alias != prefix:
            return ".".join([alias, *parts[cut:]])
    return name


def _build() -> dict[str, SinkSpec]:
    table: dict[str, SinkSpec] = {}
    for source, awaited in ((_TABLE, False), (_SURVEYED, False), (_SURVEYED_2, False), (_ASYNC, True)):
        for category, apis in source.items():
            cost, seconds = CATEGORY_COST[category]
            for api in apis:
                api = canonical(api)
                table.setdefault(api, SinkSpec(api, category, cost, seconds, awaited))
    return table


SINKS: dict[str, SinkSpec] = _build()


def lookup(name: str, extra: dict[str, SinkSpec] | None = None) -> SinkSpec | None:
    """The sink spec for a qualified API name, honouring user-configured extra sinks."""
    if extra and name in extra:
        return extra[name]
    folded = canonical(name)
    return SINKS.get(folded) or family_sink(folded) or _async_twin(folded)


# SDKs whose every API method has a coroutine twin `<method>_async` (Stripe's
# `Customer.modify_async`, `StripeClient(...).customers.update_async`): the same request, awaited.
ASYNC_TWIN_LIBRARIES = ("stripe.",)
ASYNC_TWIN_SUFFIX = "_async"


def _async_twin(name: str) -> SinkSpec | None:
    if not name.startswith(ASYNC_TWIN_LIBRARIES) or not name.endswith(ASYNC_TWIN_SUFFIX):
        return None
    plain = name[: -len(ASYNC_TWIN_SUFFIX)]
    spec = SINKS.get(plain) or family_sink(plain)
    return None if spec is None else SinkSpec(name, spec.category, spec.cost, spec.seconds, True, spec.via)


def family_sink(name: str) -> SinkSpec | None:
    """The sink a client family makes of `name` (`boto3.client:iam.delete_server_certificate`),
    or None: one method right after the family's prefix (and its class, for Stripe; its resource
    tree, for Twilio)."""
    for family in FAMILIES:
        if not name.startswith(family.prefix):
            continue
        rest = name[len(family.prefix):]
        if family.owner_upper:
            *owners, method = rest.split(".")
            if len(owners) != family.owner_parts or not owners[-1][:1].isupper():
                continue
        elif family.nested:
            owners, _, method = rest.rpartition(".")
            # resource names between the prefix and the method: attributes or calls (`files()`),
            # lower-case first, or `?` for one named at run time (`getattr(resource, op)`)
            if not owners or not all(p == "?" or (p.isidentifier() and not p.startswith("_") and not p[:1].isupper())
                                     for p in owners.split(".")):
                continue
        elif family.prefix.endswith(":"):
            owner, _, method = rest.partition(".")
            if not owner or "." in method:
                continue
        else:
            method = rest
        if not method or "." in method or "[" in method or method.startswith("_") or method in family.local:
            continue
        if (family.methods or family.method_prefixes) and method not in family.methods \
                and not method.startswith(family.method_prefixes or ("\0",)):
            continue
        cost, seconds = CATEGORY_COST[family.category]
        return SinkSpec(name, family.category, cost, seconds)
    return None


def with_via(spec: SinkSpec, via: tuple) -> SinkSpec:
    """The same sink reached through library calls (`via`: their `Location`s, outermost first)."""
    return SinkSpec(spec.api, spec.category, spec.cost, spec.seconds, spec.awaited_only, via)


def make_extra(config: dict[str, str]) -> dict[str, SinkSpec]:
    """Turn `[tool.offpath] sinks = {"pkg.api" = "email"}` into specs."""
    extra = {}
    for api, category in config.items():
        cost, seconds = CATEGORY_COST.get(category, ("unknown", 1.0))
        extra[api] = SinkSpec(api, category, cost, seconds)
    return extra
