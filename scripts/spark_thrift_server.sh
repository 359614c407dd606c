#!/usr/bin/env bash
# A local Spark Thrift Server (from the pyspark install in .venv) for the spark_thrift target: the client/server path
# a cluster uses. `start DIR` starts it bound to 127.0.0.1 with its warehouse, metastore and logs under DIR and waits
# until it accepts connections; `stop DIR` stops it. Port: CX_SPARK_PORT (default 10001).
set -euo pipefail

action=${1:?usage: spark_thrift_server.sh start|stop DIR}
dir=$(mkdir -p "${2:?usage: spark_thrift_server.sh start|stop DIR}" && cd "$2" && pwd)
port=${CX_SPARK_PORT:-10001}
python=$(cd "$(dirname "$0")/../.venv/bin" && pwd)/python
spark_home=$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
export SPARK_HOME=$spark_home

case "$action" in
    start)
        cd "$dir"
        nohup "$SPARK_HOME/bin/spark-submit" \
            --class org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 \
            --name cx-metrics-thrift \
            --driver-memory "${CX_SPARK_DRIVER_MEMORY:-4g}" \
            --driver-java-options "-Dderby.system.home=$dir" \
            --conf "spark.sql.warehouse.dir=$dir/warehouse" \
            --conf "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=$dir/metastore_db;create=true" \
            --conf spark.sql.session.timeZone=UTC \
            --conf "spark.sql.shuffle.partitions=${CX_SPARK_SHUFFLE_PARTITIONS:-4}" \
            --conf spark.ui.enabled=false \
            --hiveconf "hive.server2.thrift.port=$port" \
            --hiveconf hive.server2.thrift.bind.host=127.0.0.1 \
            spark-internal >"$dir/thrift_server.log" 2>&1 &
        echo $! >"$dir/thrift_server.pid"
        for _ in $(seq 1 120); do
            if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                echo "Spark Thrift Server on 127.0.0.1:$port (log: $dir/thrift_server.log)" >&2
                exit 0
            fi
            if ! kill -0 "$(cat "$dir/thrift_server.pid")" 2>/dev/null; then
                echo "Spark Thrift Server exited; see $dir/thrift_server.log" >&2
                tail -20 "$dir/thrift_server.log" >&2
                exit 1
            fi
            sleep 1
        done
        echo "Spark Thrift Server did not listen on 127.0.0.1:$port within 120 s; see $dir/thrift_server.log" >&2
        exit 1
        ;;
    stop)
        if [ -f "$dir/thrift_server.pid" ]; then
            pid=$(cat "$dir/thrift_server.pid")
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
            kill -9 "$pid" 2>/dev/null || true
            rm -f "$dir/thrift_server.pid"
        fi
        ;;
    *)
        echo "usage: spark_thrift_server.sh start|stop DIR" >&2
        exit 2
        ;;
esac
