#!/bin/sh
# Container entry point: refuses to listen beyond loopback without an access token (anyone who
# can reach the port could otherwise connect as the QQ side), then runs the bot.
set -eu
case "${HOST:-127.0.0.1}" in
    127.* | localhost | ::1 | "[::1]") ;;
    *)
        if [ -z "${ONEBOT_ACCESS_TOKEN:-}" ]; then
            echo "机器人监听 ${HOST}（不只是本机），必须设置 ONEBOT_ACCESS_TOKEN：在 deploy/.env 里填一个长随机字符串，NapCat 里填同一个。" >&2
            exit 64
        fi
        ;;
esac
exec python -m bot "$@"
