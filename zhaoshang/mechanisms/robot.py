"""Posting a text to the county's group robot (企业微信 or 钉钉 webhook).

The post is sent after the transaction commits, with a timeout; a robot that is down or
refuses the message is logged and never stops the reminder that the bell and e-mail carry.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)
MAX_CHARS = 2000  # both robots refuse long texts (企业微信: 2048 bytes of markdown)


def payload(kind, title, text):
    """The JSON each robot expects for a markdown message: 钉钉 wants a title besides the text,
    企业微信 only the content."""
    text = text[:MAX_CHARS]
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": f"### {title}\n{text}"}}
    return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}


def _post(url, kind, title, text, timeout):
    body = json.dumps(payload(kind, title, text), ensure_ascii=False).encode("utf-8")
    # The URL comes from settings, whose parser admits only http and https.
    request = urllib.request.Request(  # noqa: S310
        url, data=body, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8") or "{}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        logger.warning("group robot post failed: %s", exc)
        return False
    # Both robots answer 200 with {"errcode": 0} on success and a non-zero code otherwise.
    if answer.get("errcode", 0) != 0:
        logger.warning("group robot refused the message: %s", answer)
        return False
    return True


def post(title, text):
    """Queue a message for the robot once the current transaction commits; no-op when off."""
    url = settings.ROBOT_WEBHOOK_URL
    if not url or not text:
        return
    kind, timeout = settings.ROBOT_WEBHOOK_KIND, settings.ROBOT_WEBHOOK_TIMEOUT
    transaction.on_commit(lambda: _post(url, kind, str(title), text, timeout))
