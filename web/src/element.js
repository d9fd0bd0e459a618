/*
 * The Element Plus components and styles the app uses, registered by name so
 * that the build carries only these instead of the whole library.
 * Add a component here (with its style import) before using it in a page.
 */
import {
  ElAlert, ElBadge, ElButton, ElCard, ElCheckbox, ElCollapse, ElCollapseItem, ElConfigProvider, ElDatePicker, ElDescriptions,
  ElDescriptionsItem, ElDialog, ElEmpty, ElForm, ElFormItem, ElInput,
  ElInputNumber, ElLoading, ElOption, ElPagination, ElProgress, ElRadio, ElRadioButton, ElRadioGroup,
  ElSelect, ElSwitch, ElTable, ElTableColumn, ElTag,
} from 'element-plus';

import 'element-plus/es/components/alert/style/css';
import 'element-plus/es/components/badge/style/css';
import 'element-plus/es/components/button/style/css';
import 'element-plus/es/components/card/style/css';
import 'element-plus/es/components/checkbox/style/css';
import 'element-plus/es/components/collapse/style/css';
import 'element-plus/es/components/collapse-item/style/css';
import 'element-plus/es/components/config-provider/style/css';
import 'element-plus/es/components/date-picker/style/css';
import 'element-plus/es/components/descriptions/style/css';
import 'element-plus/es/components/descriptions-item/style/css';
import 'element-plus/es/components/dialog/style/css';
import 'element-plus/es/components/empty/style/css';
import 'element-plus/es/components/form/style/css';
import 'element-plus/es/components/form-item/style/css';
import 'element-plus/es/components/input/style/css';
import 'element-plus/es/components/input-number/style/css';
import 'element-plus/es/components/loading/style/css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/option/style/css';
import 'element-plus/es/components/pagination/style/css';
import 'element-plus/es/components/progress/style/css';
import 'element-plus/es/components/radio/style/css';
import 'element-plus/es/components/radio-button/style/css';
import 'element-plus/es/components/radio-group/style/css';
import 'element-plus/es/components/select/style/css';
import 'element-plus/es/components/switch/style/css';
import 'element-plus/es/components/table/style/css';
import 'element-plus/es/components/table-column/style/css';
import 'element-plus/es/components/tag/style/css';

const components = [
  ElAlert, ElBadge, ElButton, ElCard, ElCheckbox, ElCollapse, ElCollapseItem, ElConfigProvider, ElDatePicker, ElDescriptions,
  ElDescriptionsItem, ElDialog, ElEmpty, ElForm, ElFormItem, ElInput,
  ElInputNumber, ElOption, ElPagination, ElProgress, ElRadio, ElRadioButton, ElRadioGroup,
  ElSelect, ElSwitch, ElTable, ElTableColumn, ElTag,
];

export function installElement(app) {
  for (const component of components) {
    app.use(component);
  }
  app.use(ElLoading);
}
